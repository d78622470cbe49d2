using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Matching.Persons;

/// <summary>What matching reads (persons with their traits) and keeps (runs, the review queue). Every call is scoped to one workspace.</summary>
public interface IPersonMatchStore
{
    /// <summary>
    /// Every person of the workspace with the values of <paramref name="traits"/> (a trait named after an
    /// identifier type, such as phone, falls back to the person's identifier of that type) and its anchor:
    /// the identifier of the highest priority under <paramref name="rules"/>.
    /// </summary>
    Task<IReadOnlyList<MatchablePerson>> MatchablePersonsAsync(
        WorkspaceId workspace, IdentityRules rules, IReadOnlyList<string> traits, CancellationToken cancellationToken = default);

    /// <summary>Pairs of anchors already in the queue or rejected: a new run neither queues nor merges them again.</summary>
    Task<IReadOnlySet<(Identifier, Identifier)>> ReviewedPairsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    Task SaveRunAsync(MatchRun run, IReadOnlyList<MatchReview> reviews, CancellationToken cancellationToken = default);

    Task<MatchRun?> FindRunAsync(WorkspaceId workspace, string runId, CancellationToken cancellationToken = default);

    /// <summary>The newest first.</summary>
    Task<IReadOnlyList<MatchRun>> ListRunsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default);

    Task<MatchReview?> FindReviewAsync(WorkspaceId workspace, string reviewId, CancellationToken cancellationToken = default);

    /// <summary>Highest score first; all statuses when <paramref name="status"/> is null.</summary>
    Task<IReadOnlyList<MatchReview>> ListReviewsAsync(WorkspaceId workspace, MatchReviewStatus? status, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks an open, unclaimed review as being accepted through <paramref name="operationId"/>, so that no
    /// second accept writes another merge and no reject overrules a merge already in the log.
    /// </summary>
    /// <returns>False when the review is decided or claimed already.</returns>
    Task<bool> ClaimReviewAsync(WorkspaceId workspace, string reviewId, string operationId, CancellationToken cancellationToken = default);

    /// <summary>Gives up a claim whose merge the rules refused: the review is open for a decision again.</summary>
    Task ReleaseReviewAsync(WorkspaceId workspace, string reviewId, string operationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a decision on an open review: an accept by the merge that claimed it (<paramref name="operationId"/>,
    /// or null when the two were one person already), a reject only while no merge has claimed it.
    /// </summary>
    /// <returns>False when the review was decided, or claimed by another merge, first.</returns>
    Task<bool> DecideReviewAsync(
        WorkspaceId workspace, string reviewId, MatchReviewStatus decision, string decidedBy, string? reason, string? operationId, DateTimeOffset at,
        CancellationToken cancellationToken = default);
}

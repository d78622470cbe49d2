using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Matching.Persons;

/// <summary>
/// A pair between the thresholds, waiting for a data steward: accept (a merge operation joins the persons)
/// or reject (the pair is never proposed again). The persons are named by id as they were found and by
/// anchor identifier, which is what an accepted merge acts on.
/// </summary>
public sealed record MatchReview(
    string ReviewId,
    WorkspaceId WorkspaceId,
    string RunId,
    PersonId LeftPerson,
    Identifier LeftAnchor,
    PersonId RightPerson,
    Identifier RightAnchor,
    double Score,
    double Probability,
    IReadOnlyList<MatchReviewEvidence> Evidence,
    DateTimeOffset CreatedAt)
{
    public MatchReviewStatus Status { get; init; } = MatchReviewStatus.Open;

    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    public string? DecisionReason { get; init; }

    /// <summary>The merge operation an accepted review submitted.</summary>
    public string? OperationId { get; init; }
}

/// <summary>One field of a reviewed pair: both values, how they compared, and the bits it added.</summary>
public sealed record MatchReviewEvidence(string Field, string? Left, string? Right, string Level, double? Similarity, double Bits);

public enum MatchReviewStatus
{
    Open,
    Accepted,
    Rejected,
}

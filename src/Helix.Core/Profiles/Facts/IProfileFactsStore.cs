using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>Reads computed traits, tags and their definitions as of the pipeline's last commit; keeps tag proposals. Every call is scoped to one workspace.</summary>
public interface IProfileFactsStore
{
    /// <summary>The definitions version in force, or null before the workspace defined any.</summary>
    Task<DefinitionsVersion?> CurrentDefinitionsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    /// <summary>Every workspace that has defined profile definitions (the ones a model schedule can belong to).</summary>
    Task<IReadOnlyList<WorkspaceId>> DefinedWorkspacesAsync(CancellationToken cancellationToken = default);

    /// <summary>Every definitions version, newest first.</summary>
    Task<IReadOnlyList<DefinitionsVersion>> DefinitionsHistoryAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    Task<PersonFactsSnapshot?> GetFactsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default);

    /// <summary>The persons whose deciding <c>profiling</c> statement is a refusal, as of the pipeline's last commit.</summary>
    Task<IReadOnlySet<PersonId>> ProfilingRefusalsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    /// <summary>The person's tag changes, newest first.</summary>
    Task<IReadOnlyList<TagHistoryEntry>> GetTagHistoryAsync(WorkspaceId workspace, PersonId person, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many persons have each tag now.</summary>
    Task<IReadOnlyDictionary<string, long>> CountTagsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    Task AddProposalAsync(TagProposal proposal, CancellationToken cancellationToken = default);

    /// <summary>Proposals, newest first; <paramref name="status"/> filters when given.</summary>
    Task<IReadOnlyList<TagProposal>> GetProposalsAsync(WorkspaceId workspace, TagProposalStatus? status, CancellationToken cancellationToken = default);

    Task<TagProposal?> GetProposalAsync(WorkspaceId workspace, string proposalId, CancellationToken cancellationToken = default);

    /// <summary>Records a decision on a pending proposal. Returns false when it is not pending (decided already, or unknown).</summary>
    Task<bool> DecideProposalAsync(WorkspaceId workspace, string proposalId, TagProposalStatus decision, string decidedBy, DateTimeOffset at, string? note, CancellationToken cancellationToken = default);
}

/// <summary>One version of a workspace's profile definitions, as the log applied it.</summary>
public sealed record DefinitionsVersion(int Version, string RecordId, long Position, string Json, string RequestedBy, DateTimeOffset RequestedAt);

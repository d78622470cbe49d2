using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Pipeline;

/// <summary>Where the pipeline keeps what it derives from the log.</summary>
public interface IPipelineStore
{
    /// <summary>The state as of the last committed checkpoint.</summary>
    Task<PipelineSnapshot> LoadAsync(TimeSpan dedupeWindow, CancellationToken cancellationToken = default);

    /// <summary>Writes the batch and its checkpoint atomically. Throws if anything fails; then nothing of the batch is stored.</summary>
    Task CommitAsync(PipelineCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Every stored event of the workspace: its log position and its person now, ascending by position.</summary>
    Task<IReadOnlyList<(long Position, PersonId Person)>> WorkspaceEventsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    /// <summary>The log positions of the persons' stored events, ascending.</summary>
    Task<IReadOnlyList<long>> EventPositionsAsync(WorkspaceId workspace, IReadOnlyCollection<PersonId> persons, CancellationToken cancellationToken = default);
}

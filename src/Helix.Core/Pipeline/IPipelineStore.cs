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

    /// <summary>Erasures whose log records are not yet redacted (a crash came between the commit and the redaction).</summary>
    Task<IReadOnlyList<(WorkspaceId Workspace, string ErasureId, IReadOnlyList<long> Positions)>> PendingRedactionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Positions of suppressed messages not yet redacted.</summary>
    Task<IReadOnlyList<long>> SuppressedRecordsAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets suppressed positions once they are redacted.</summary>
    Task ForgetSuppressedRecordsAsync(IReadOnlyCollection<long> positions, CancellationToken cancellationToken = default);

    /// <summary>Records (at the store's clock) that the erasure's log records are tombstones now (<paramref name="records"/> of them) and forgets their positions.</summary>
    Task MarkRedactedAsync(WorkspaceId workspace, string erasureId, long records, CancellationToken cancellationToken = default);
}

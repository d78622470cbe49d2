using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Retention;

/// <summary>Retention policies, their runs, and the stored events they expire.</summary>
public interface IRetentionStore
{
    Task<RetentionSettings> GetRetentionAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    Task SetRetentionAsync(WorkspaceId workspace, RetentionSettings settings, CancellationToken cancellationToken = default);

    /// <summary>The workspaces with at least one policy.</summary>
    Task<IReadOnlyList<WorkspaceId>> RetainingWorkspacesAsync(CancellationToken cancellationToken = default);

    /// <summary>Log positions of stored events the policy expires (event time before <paramref name="cutoff"/>), oldest first.</summary>
    Task<IReadOnlyList<long>> ExpiredEventsAsync(WorkspaceId workspace, RetentionPolicy policy, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default);

    /// <returns>How many rows went.</returns>
    Task<long> DeleteEventsAsync(WorkspaceId workspace, IReadOnlyList<long> positions, CancellationToken cancellationToken = default);

    Task SaveRetentionRunAsync(RetentionRun run, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<RetentionRun>> ListRetentionRunsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default);
}

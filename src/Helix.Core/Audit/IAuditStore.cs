using Helix.Core.Workspaces;

namespace Helix.Core.Audit;

/// <summary>
/// The audit log's storage: append-only. There is no operation to change or delete an entry, and a rebuild of the
/// derived store keeps the log (it is not derived from the event log).
/// </summary>
public interface IAuditStore
{
    /// <summary>The last entry of the workspace's chain, or null when it has none.</summary>
    Task<AuditHead?> GetAuditHeadAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the entries and moves each workspace's head to its last entry, all in one transaction: either every
    /// entry is stored or none. The entries of a workspace must continue its chain in order.
    /// </summary>
    Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, int limit, CancellationToken cancellationToken = default);

    /// <summary>The workspace's entries after <paramref name="afterSequence"/> in sequence order, as stored.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAuditChainAsync(WorkspaceId workspace, long afterSequence, int limit, CancellationToken cancellationToken = default);
}

using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Erasure;

/// <summary>Erasure receipts, for the privacy API.</summary>
public interface IErasureStore
{
    Task<ErasureReceipt?> FindErasureAsync(WorkspaceId workspace, string erasureId, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<ErasureReceipt>> ListErasuresAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default);
}

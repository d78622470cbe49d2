using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Operations;

/// <summary>Reads the journal of identity operations: who split what, when, why, and with what result.</summary>
public interface IIdentityJournal
{
    Task<IdentityOperationOutcome?> FindOperationAsync(WorkspaceId workspace, string operationId, CancellationToken cancellationToken = default);

    /// <summary>The newest first.</summary>
    Task<IReadOnlyList<IdentityOperationOutcome>> ListOperationsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default);
}

using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Operations;

/// <summary>Reads the journal of identity operations: who split what, when, why, and with what result.</summary>
public interface IIdentityJournal
{
    Task<IdentityOperationOutcome?> FindOperationAsync(WorkspaceId workspace, string operationId, CancellationToken cancellationToken = default);

    /// <summary>The newest first.</summary>
    Task<IReadOnlyList<IdentityOperationOutcome>> ListOperationsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default);

    /// <summary>The workspace's applied rules operation that is in force; null while it uses the built-in rules.</summary>
    Task<IdentityOperationOutcome?> CurrentRulesAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    /// <summary>The workspace's separate and detach operations in force.</summary>
    Task<IReadOnlyList<ActiveIdentityOperation>> ActiveOperationsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);
}

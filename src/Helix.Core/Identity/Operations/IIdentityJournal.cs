using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Operations;

/// <summary>Reads the journal of identity operations: who split what, when, why, and with what result.</summary>
public interface IIdentityJournal
{
    Task<IdentityOperationOutcome?> FindOperationAsync(WorkspaceId workspace, string operationId, CancellationToken cancellationToken = default);

    /// <summary>The entries of these operations that the pipeline has applied or refused so far, in log order.</summary>
    Task<IReadOnlyList<IdentityOperationOutcome>> FindOperationsAsync(WorkspaceId workspace, IReadOnlyCollection<string> operationIds, CancellationToken cancellationToken = default);

    /// <summary>The newest first.</summary>
    Task<IReadOnlyList<IdentityOperationOutcome>> ListOperationsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default);

    /// <summary>The workspace's applied rules operation that is in force; null while it uses the built-in rules.</summary>
    Task<IdentityOperationOutcome?> CurrentRulesAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);
}

using Helix.Core.Workspaces;

namespace Helix.Core.Access;

/// <summary>
/// Keys and custom roles of a workspace, beyond what bootstrap needs (<see cref="IWorkspaceStore"/>). Every
/// operation is scoped to the workspace it names: a key id or role name of another workspace is not found.
/// </summary>
public interface IAccessStore
{
    /// <summary>Stores a key by its hash. The role is checked in the same write, so a role deleted meanwhile is not issued.</summary>
    /// <returns>The key, or null when its role is neither built-in nor a custom role of the workspace.</returns>
    Task<ApiKey?> IssueApiKeyAsync(WorkspaceId workspace, ApiKeyDraft draft, string keyHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    /// <summary>Every key of the workspace, revoked ones too, oldest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key unless it is the last active admin key of its workspace; checked and applied in one write.</summary>
    Task<KeyRevocation> RevokeApiKeyAsync(WorkspaceId workspace, string keyId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Moves each key's last-used time forward (never back). Keys that do not exist are ignored.</summary>
    Task RecordApiKeyUsesAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> uses, CancellationToken cancellationToken = default);

    /// <summary>The workspace's custom roles by name; built-in roles are not stored.</summary>
    Task<IReadOnlyList<Role>> ListCustomRolesAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    Task<Role?> GetCustomRoleAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a custom role.</summary>
    Task PutCustomRoleAsync(WorkspaceId workspace, Role role, DateTimeOffset updatedAt, CancellationToken cancellationToken = default);

    /// <summary>Deletes a custom role unless an unrevoked key carries it; checked and applied in one write.</summary>
    Task<RoleDeletion> DeleteCustomRoleAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default);
}

using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;
using Helix.Core.Access;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>API keys beyond bootstrap (issue, list, revoke, last use) and custom roles, each scoped to its workspace.</summary>
public sealed partial class DuckDbStore : IAccessStore
{
    private const string ApiKeyColumns = "id, workspace_id, name, role, created_at, expires_at, store_id, last_used_at, revoked_at";

    public Task<ApiKey?> IssueApiKeyAsync(WorkspaceId workspace, ApiKeyDraft draft, string keyHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            if (!Role.BuiltIn.ContainsKey(draft.Role) && FindCustomRole(connection, workspace, draft.Role) is null)
            {
                return null;
            }

            var key = new ApiKey(SecretKeys.NewId("key_"), workspace, draft.Name, draft.Role, createdAt, draft.ExpiresAt, draft.Store);
            InsertApiKey(connection, key, keyHash);
            return key;
        }, cancellationToken);

    public Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ApiKey>>(connection => ReadRows(connection,
            $"SELECT {ApiKeyColumns} FROM api_keys WHERE workspace_id = $ws ORDER BY created_at, id", ReadApiKey, ("ws", workspace.Value)), cancellationToken);

    public Task<KeyRevocation> RevokeApiKeyAsync(WorkspaceId workspace, string keyId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            var key = ReadRows(connection, $"SELECT {ApiKeyColumns} FROM api_keys WHERE workspace_id = $ws AND id = $id", ReadApiKey,
                ("ws", workspace.Value), ("id", keyId)).SingleOrDefault();
            if (key is null)
            {
                return new KeyRevocation(KeyRevocationOutcome.NotFound, null);
            }

            if (key.RevokedAt is not null)
            {
                return new KeyRevocation(KeyRevocationOutcome.AlreadyRevoked, key);
            }

            if (key.Role == Role.Admin && key.IsActiveAt(now) && ActiveAdminKeys(connection, workspace, now) <= 1)
            {
                return new KeyRevocation(KeyRevocationOutcome.LastAdmin, key);
            }

            Execute(connection, "UPDATE api_keys SET revoked_at = $at WHERE id = $id", ("at", ToDb(now)), ("id", key.Id));
            return new KeyRevocation(KeyRevocationOutcome.Revoked, key with { RevokedAt = now });
        }, cancellationToken);

    public Task RecordApiKeyUsesAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> uses, CancellationToken cancellationToken = default) =>
        uses.Count == 0
            ? Task.CompletedTask
            : WriteAsync(connection =>
            {
                using var transaction = connection.BeginTransaction();
                foreach (var (keyId, at) in uses)
                {
                    Execute(connection, "UPDATE api_keys SET last_used_at = $at WHERE id = $id AND (last_used_at IS NULL OR last_used_at < $at)",
                        ("at", ToDb(at)), ("id", keyId));
                }

                transaction.Commit();
                return 0;
            }, cancellationToken);

    public Task<IReadOnlyList<Role>> ListCustomRolesAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<Role>>(connection => ReadRows(connection,
            "SELECT name, permissions::VARCHAR FROM custom_roles WHERE workspace_id = $ws ORDER BY name", ReadRole, ("ws", workspace.Value)), cancellationToken);

    public Task<Role?> GetCustomRoleAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => FindCustomRole(connection, workspace, name), cancellationToken);

    public Task PutCustomRoleAsync(WorkspaceId workspace, Role role, DateTimeOffset updatedAt, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, "INSERT OR REPLACE INTO custom_roles VALUES ($ws, $name, $permissions, $at)",
                ("ws", workspace.Value), ("name", role.Name),
                ("permissions", JsonSerializer.Serialize(role.Permissions.Order(StringComparer.Ordinal))), ("at", ToDb(updatedAt)));
            return 0;
        }, cancellationToken);

    public Task<RoleDeletion> DeleteCustomRoleAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var users = Command(connection, "SELECT count(*) FROM api_keys WHERE workspace_id = $ws AND role = $name AND revoked_at IS NULL",
                ("ws", workspace.Value), ("name", name));
            var count = Convert.ToInt32(users.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (count > 0)
            {
                return new RoleDeletion(RoleDeletionOutcome.InUse, count);
            }

            using var delete = Command(connection, "DELETE FROM custom_roles WHERE workspace_id = $ws AND name = $name", ("ws", workspace.Value), ("name", name));
            return new RoleDeletion(delete.ExecuteNonQuery() > 0 ? RoleDeletionOutcome.Deleted : RoleDeletionOutcome.NotFound);
        }, cancellationToken);

    private static void InsertApiKey(DuckDBConnection connection, ApiKey key, string keyHash) =>
        Execute(connection,
            "INSERT INTO api_keys (id, workspace_id, name, role, key_hash, created_at, expires_at, store_id) VALUES ($id, $ws, $name, $role, $hash, $at, $expires, $store)",
            ("id", key.Id), ("ws", key.WorkspaceId.Value), ("name", key.Name), ("role", key.Role), ("hash", keyHash), ("at", ToDb(key.CreatedAt)),
            ("expires", key.ExpiresAt is { } expires ? ToDb(expires) : null), ("store", key.Store));

    private static long ActiveAdminKeys(DuckDBConnection connection, WorkspaceId workspace, DateTimeOffset now)
    {
        using var command = Command(connection,
            "SELECT count(*) FROM api_keys WHERE workspace_id = $ws AND role = $admin AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $now)",
            ("ws", workspace.Value), ("admin", Role.Admin), ("now", ToDb(now)));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Role? FindCustomRole(DuckDBConnection connection, WorkspaceId workspace, string name) =>
        ReadRows(connection, "SELECT name, permissions::VARCHAR FROM custom_roles WHERE workspace_id = $ws AND name = $name", ReadRole,
            ("ws", workspace.Value), ("name", name)).SingleOrDefault();

    private static Role ReadRole(DbDataReader reader) =>
        new(reader.GetString(0), new HashSet<string>(JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? [], StringComparer.Ordinal));

    private static ApiKey ReadApiKey(DbDataReader reader) =>
        new(reader.GetString(0), new WorkspaceId(reader.GetString(1)), reader.GetString(2), reader.GetString(3), Utc(reader.GetValue(4)),
            reader.IsDBNull(5) ? null : Utc(reader.GetValue(5)),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : Utc(reader.GetValue(7)),
            reader.IsDBNull(8) ? null : Utc(reader.GetValue(8)));
}

using System.Text.Json;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Journey connections: settings, secret names, and the secrets protected by the server before they get here.</summary>
public sealed partial class DuckDbStore : IConnectionStore
{
    private const string ConnectionColumns = "name, connector, settings, secret_names, secrets, updated_at";

    public Task<IReadOnlyList<StoredConnection>> ListConnectionsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredConnection>>(connection =>
            ReadRows(connection, $"SELECT {ConnectionColumns} FROM journey_connections WHERE workspace_id = $ws ORDER BY name", StoredConnectionRow, ("ws", workspace.Value)),
            cancellationToken);

    public Task<StoredConnection?> GetConnectionAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
            ReadRows(connection, $"SELECT {ConnectionColumns} FROM journey_connections WHERE workspace_id = $ws AND name = $name", StoredConnectionRow,
                ("ws", workspace.Value), ("name", name)).SingleOrDefault(),
            cancellationToken);

    public Task PutConnectionAsync(WorkspaceId workspace, StoredConnection connection, CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            Execute(db, """
                INSERT INTO journey_connections VALUES ($ws, $name, $connector, $settings, $names, $secrets, $at)
                ON CONFLICT (workspace_id, name) DO UPDATE SET connector = excluded.connector, settings = excluded.settings,
                    secret_names = excluded.secret_names, secrets = excluded.secrets, updated_at = excluded.updated_at
                """,
                ("ws", workspace.Value), ("name", connection.Name), ("connector", connection.Connector), ("settings", connection.Settings),
                ("names", JsonSerializer.Serialize(connection.SecretNames)), ("secrets", connection.ProtectedSecrets), ("at", ToDb(connection.UpdatedAt)));
            return 0;
        }, cancellationToken);

    public Task<bool> DeleteConnectionAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            using var command = Command(db, "DELETE FROM journey_connections WHERE workspace_id = $ws AND name = $name", ("ws", workspace.Value), ("name", name));
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);

    private static StoredConnection StoredConnectionRow(System.Data.Common.DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [], reader.GetString(4), Utc(reader.GetValue(5)));
}

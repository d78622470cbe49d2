using System.Text.Json;
using Helix.Core.Privacy.Consent;
using Helix.Core.Privacy.Retention;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Retention policies and runs, each a JSON document, and the events they expire.</summary>
public sealed partial class DuckDbStore : IRetentionStore
{
    public Task<RetentionSettings> GetRetentionAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection, "SELECT policies::VARCHAR, updated_at, updated_by FROM retention_policies WHERE workspace_id = $ws", ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new RetentionSettings(JsonSerializer.Deserialize<List<RetentionPolicy>>(reader.GetString(0), RunJson)!, Utc(reader.GetValue(1)), reader.GetString(2))
                : RetentionSettings.None;
        }, cancellationToken);

    public Task SetRetentionAsync(WorkspaceId workspace, RetentionSettings settings, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, "INSERT OR REPLACE INTO retention_policies VALUES ($ws, $policies, $at, $by)",
                ("ws", workspace.Value), ("policies", JsonSerializer.Serialize(settings.Policies, RunJson)),
                ("at", ToDb(settings.UpdatedAt ?? _time.GetUtcNow())), ("by", settings.UpdatedBy ?? "unknown"));
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<WorkspaceId>> RetainingWorkspacesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<WorkspaceId>>(connection => ReadRows(connection,
            "SELECT workspace_id FROM retention_policies WHERE json_array_length(policies) > 0 ORDER BY 1",
            reader => new WorkspaceId(reader.GetString(0))), cancellationToken);

    public Task<IReadOnlyList<long>> ExpiredEventsAsync(
        WorkspaceId workspace, RetentionPolicy policy, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<long>>(connection => policy.Event is { } name
            ? ReadRows(connection,
                "SELECT position FROM events WHERE workspace_id = $ws AND type = 'track' AND event = $name AND timestamp < $cutoff ORDER BY position LIMIT $limit",
                reader => reader.GetInt64(0), ("ws", workspace.Value), ("name", name), ("cutoff", ToDb(cutoff)), ("limit", limit))
            : ReadRows(connection,
                """
                SELECT position FROM events WHERE workspace_id = $ws AND type = $type AND event IS DISTINCT FROM $consent AND timestamp < $cutoff
                ORDER BY position LIMIT $limit
                """,
                reader => reader.GetInt64(0), ("ws", workspace.Value), ("type", policy.Type), ("consent", ConsentEvent.Name), ("cutoff", ToDb(cutoff)), ("limit", limit)),
            cancellationToken);

    public Task<long> DeleteEventsAsync(WorkspaceId workspace, IReadOnlyList<long> positions, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var command = Command(connection, "DELETE FROM events WHERE workspace_id = $ws AND list_contains($positions, position)",
                ("ws", workspace.Value), ("positions", positions.ToList()));
            return (long)command.ExecuteNonQuery();
        }, cancellationToken);

    public Task SaveRetentionRunAsync(RetentionRun run, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, "INSERT OR REPLACE INTO retention_runs VALUES ($ws, $id, $at, $run)",
                ("ws", run.Workspace.Value), ("id", run.RunId), ("at", ToDb(run.StartedAt)), ("run", JsonSerializer.Serialize(run, RunJson)));
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<RetentionRun>> ListRetentionRunsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<RetentionRun>>(connection => ReadRows(connection,
            "SELECT run::VARCHAR FROM retention_runs WHERE workspace_id = $ws ORDER BY started_at DESC, run_id DESC LIMIT $limit",
            reader => JsonSerializer.Deserialize<RetentionRun>(reader.GetString(0), RunJson)!, ("ws", workspace.Value), ("limit", limit)),
            cancellationToken);
}

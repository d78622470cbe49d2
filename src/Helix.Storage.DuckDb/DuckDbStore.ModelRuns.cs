using System.Text.Json;
using System.Text.Json.Serialization;
using Helix.Core;
using Helix.Core.Models;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Model-tag runs: each run's progress as one JSON document, saved as it goes.</summary>
public sealed partial class DuckDbStore : IModelRunStore
{
    private static readonly JsonSerializerOptions RunJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public Task SaveModelRunAsync(ModelRun run, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, "INSERT OR REPLACE INTO model_runs VALUES ($ws, $id, $at, $status, $run)",
                ("ws", run.Workspace.Value), ("id", run.Id), ("at", ToDb(run.StartedAt)), ("status", WireNames.Of(run.Status)), ("run", JsonSerializer.Serialize(run, RunJson)));
            return 0;
        }, cancellationToken);

    public Task<ModelRun?> GetModelRunAsync(WorkspaceId workspace, string runId, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection, "SELECT run FROM model_runs WHERE workspace_id = $ws AND run_id = $id", ("ws", workspace.Value), ("id", runId));
            return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<ModelRun>(json, RunJson) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<ModelRun>> ListModelRunsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ModelRun>>(connection =>
        {
            using var command = Command(connection, "SELECT run FROM model_runs WHERE workspace_id = $ws ORDER BY started_at DESC, run_id DESC LIMIT $limit",
                ("ws", workspace.Value), ("limit", limit));
            using var reader = command.ExecuteReader();
            var runs = new List<ModelRun>();
            while (reader.Read())
            {
                runs.Add(JsonSerializer.Deserialize<ModelRun>(reader.GetString(0), RunJson)!);
            }

            return runs;
        }, cancellationToken);

    public Task<int> InterruptModelRunsAsync(DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            var running = new List<ModelRun>();
            using (var command = Command(connection, "SELECT run FROM model_runs WHERE status = 'running'"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    running.Add(JsonSerializer.Deserialize<ModelRun>(reader.GetString(0), RunJson)!);
                }
            }

            foreach (var run in running)
            {
                var interrupted = run with { Status = ModelRunStatus.Interrupted, FinishedAt = at, Error = "Helix stopped during the run" };
                Execute(connection, "UPDATE model_runs SET status = $status, run = $run WHERE workspace_id = $ws AND run_id = $id",
                    ("status", WireNames.Of(interrupted.Status)), ("run", JsonSerializer.Serialize(interrupted, RunJson)), ("ws", run.Workspace.Value), ("id", run.Id));
            }

            return running.Count;
        }, cancellationToken);
}

using Helix.Core.Guide;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Store guides' tasks: inserted once per delivery key, completed once.</summary>
public sealed partial class DuckDbStore : IGuideTaskStore
{
    private const string GuideTaskColumns =
        "task_id, delivery_key, journey, step, person_id, store, guide, title, note, due_at, created_at, outcome, completion_note, completed_at, completed_by";

    public Task<bool> AddGuideTaskAsync(WorkspaceId workspace, GuideTask task, CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            using var command = Command(db, """
                INSERT INTO guide_tasks VALUES ($ws, $id, $key, $journey, $step, $person, $store, $guide, $title, $note, $due, $created, NULL, NULL, NULL, NULL)
                ON CONFLICT (workspace_id, task_id) DO NOTHING
                """,
                ("ws", workspace.Value), ("id", task.Id), ("key", task.DeliveryKey), ("journey", task.Journey), ("step", task.Step), ("person", task.Person.Value),
                ("store", task.Store), ("guide", task.Guide), ("title", task.Title), ("note", task.Note), ("due", ToDb(task.DueAt)), ("created", ToDb(task.CreatedAt)));
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);

    public Task<GuideTask?> GetGuideTaskAsync(WorkspaceId workspace, string id, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
            ReadRows(connection, $"SELECT {GuideTaskColumns} FROM guide_tasks WHERE workspace_id = $ws AND task_id = $id", GuideTaskRow,
                ("ws", workspace.Value), ("id", id)).SingleOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<GuideTask>> ListGuideTasksAsync(WorkspaceId workspace, GuideTaskQuery query, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var status = query.Status switch
        {
            GuideTaskStatus.Open => " AND completed_at IS NULL",
            GuideTaskStatus.Done => " AND completed_at IS NOT NULL",
            GuideTaskStatus.Overdue => " AND completed_at IS NULL AND due_at < $now",
            _ => "",
        };
        var sql = $"""
            SELECT {GuideTaskColumns} FROM guide_tasks
            WHERE workspace_id = $ws{status}
                AND ($store IS NULL OR store = $store) AND ($guide IS NULL OR guide = $guide)
            ORDER BY due_at, task_id LIMIT $limit
            """;
        return ReadAsync<IReadOnlyList<GuideTask>>(connection => ReadRows(connection, sql, GuideTaskRow,
                ("ws", workspace.Value), ("now", ToDb(now)), ("store", query.Store), ("guide", query.Guide), ("limit", query.Limit)),
            cancellationToken);
    }

    public Task<bool> CompleteGuideTaskAsync(WorkspaceId workspace, string id, GuideTaskCompletion completion, CancellationToken cancellationToken = default) =>
        WriteAsync(db =>
        {
            using var command = Command(db, """
                UPDATE guide_tasks SET outcome = $outcome, completion_note = $note, completed_at = $at, completed_by = $by
                WHERE workspace_id = $ws AND task_id = $id AND completed_at IS NULL
                """,
                ("ws", workspace.Value), ("id", id), ("outcome", completion.Outcome), ("note", completion.Note), ("at", ToDb(completion.CompletedAt)), ("by", completion.CompletedBy));
            return command.ExecuteNonQuery() > 0;
        }, cancellationToken);

    private static GuideTask GuideTaskRow(System.Data.Common.DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var completion = r.IsDBNull(13) ? null : new GuideTaskCompletion(r.GetString(11), Text(12), Utc(r.GetValue(13)), r.GetString(14));
        return new GuideTask(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), new PersonId(r.GetString(4)), r.GetString(5), Text(6),
            r.GetString(7), Text(8), Utc(r.GetValue(9)), Utc(r.GetValue(10)), completion);
    }
}

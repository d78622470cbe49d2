using Helix.Core.Journeys.Delivery;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>The journey outbox: due deliveries read earliest first; attempts recorded in one transaction per batch.</summary>
public sealed partial class DuckDbStore : IJourneyOutbox
{
    public Task<IReadOnlyList<JourneyDelivery>> DueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<JourneyDelivery>>(connection =>
            ReadRows(connection, """
                SELECT workspace_id, key, journey, version, person_id, step, action, due_at, attempts FROM journey_outbox
                WHERE status = 'pending' AND due_at <= $now ORDER BY due_at LIMIT $limit
                """,
                r => new JourneyDelivery(new WorkspaceId(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt32(3), new PersonId(r.GetString(4)), r.GetString(5),
                    JourneyActionJson.Read(r.GetString(6)), Utc(r.GetValue(7)), r.GetInt32(8)),
                ("now", ToDb(now)), ("limit", limit)),
            cancellationToken);

    public Task<string?> MarketingPressureAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
            ReadRows(connection, "SELECT settings FROM journey_settings WHERE workspace_id = $ws", r => r.GetString(0), ("ws", workspace.Value)).SingleOrDefault(),
            cancellationToken);

    public Task SaveMarketingPressureAsync(WorkspaceId workspace, string json, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, "INSERT OR REPLACE INTO journey_settings VALUES ($ws, $json, $at)", ("ws", workspace.Value), ("json", json), ("at", ToDb(at)));
            return 0;
        }, cancellationToken);

    public Task RecordDeliveriesAsync(IReadOnlyList<DeliveryRecord> records, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, """
                CREATE TEMP TABLE IF NOT EXISTS journey_attempts (
                  workspace_id VARCHAR, key VARCHAR, status VARCHAR, attempts INTEGER, due_at TIMESTAMPTZ, error VARCHAR, external_id VARCHAR);
                DELETE FROM journey_attempts
                """);
            using (var appender = connection.CreateAppender("temp", "main", "journey_attempts"))
            {
                foreach (var r in records)
                {
                    appender.CreateRow().AppendValue(r.Workspace.Value).AppendValue(r.Key).AppendValue(r.Status).AppendValue(r.Attempts)
                        .AppendValue(r.DueAt.UtcDateTime).AppendValue(r.Error).AppendValue(r.ExternalId).EndRow();
                }
            }

            Execute(connection, """
                UPDATE journey_outbox SET status = a.status, attempts = a.attempts, due_at = a.due_at, last_error = a.error,
                  external_id = a.external_id, updated_at = $now
                FROM journey_attempts a WHERE journey_outbox.workspace_id = a.workspace_id AND journey_outbox.key = a.key
                """, ("now", ToDb(now)));
            transaction.Commit();
            return 0;
        }, cancellationToken);
}

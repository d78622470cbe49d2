using Helix.Core.Journeys.Runtime;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>A journey's statistics, counted from its entries, step records, members and outbox.</summary>
public sealed partial class DuckDbStore
{
    public Task<JourneyStatistics> JourneyStatisticsAsync(WorkspaceId workspace, string journey, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            (string, object?)[] key = [("ws", workspace.Value), ("j", journey)];
            var totals = ReadRows(connection, """
                SELECT count(*), count(*) FILTER (ended_at IS NULL), count(*) FILTER (end_reason = 'goal'),
                  count(*) FILTER (held_out), count(*) FILTER (held_out AND end_reason = 'goal')
                FROM journey_entries WHERE workspace_id = $ws AND journey = $j
                """, r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)), key)[0];
            var steps = ReadRows(connection, """
                WITH reached AS (SELECT step, count(*) AS n, count(*) FILTER (kind = 'skipped') AS skipped FROM journey_steps
                                 WHERE workspace_id = $ws AND journey = $j AND kind IN ('reached', 'skipped') GROUP BY step),
                     waiting AS (SELECT step, count(*) AS n FROM journey_members WHERE workspace_id = $ws AND journey = $j GROUP BY step),
                     exited AS (SELECT end_step AS step, count(*) AS n FROM journey_entries WHERE workspace_id = $ws AND journey = $j AND ended_at IS NOT NULL GROUP BY end_step),
                     errors AS (SELECT step, count(*) AS n FROM journey_outbox WHERE workspace_id = $ws AND journey = $j AND status = 'dead' GROUP BY step)
                SELECT r.step, r.n - r.skipped, coalesce(w.n, 0), coalesce(x.n, 0), r.skipped, coalesce(e.n, 0)
                FROM reached r LEFT JOIN waiting w USING (step) LEFT JOIN exited x USING (step) LEFT JOIN errors e USING (step) ORDER BY r.step
                """, r => new JourneyStepStatistics(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(1) - r.GetInt64(2) - r.GetInt64(3), r.GetInt64(3),
                    r.GetInt64(4), r.GetInt64(5)), key);
            var branches = ReadRows(connection, """
                SELECT s.step, s.kind, s.detail, count(DISTINCT (s.person_id, s.entry)),
                  count(DISTINCT (s.person_id, s.entry)) FILTER (e.end_reason = 'goal')
                FROM journey_steps s JOIN journey_entries e
                  ON e.workspace_id = s.workspace_id AND e.journey = s.journey AND e.person_id = s.person_id AND e.entry = s.entry
                WHERE s.workspace_id = $ws AND s.journey = $j AND s.kind IN ('arm', 'branch')
                GROUP BY s.step, s.kind, s.detail ORDER BY s.step, s.detail
                """, r => new JourneyBranchStatistics(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4)), key);
            var connectors = ReadRows(connection, """
                SELECT connector, count(*) FILTER (status = 'pending'), count(*) FILTER (status = 'delivered'), count(*) FILTER (status = 'dead'),
                  count(*) FILTER (status = 'withheld'), count(*) FILTER (status = 'suppressed'), count(*) FILTER (attempts > 1)
                FROM journey_outbox WHERE workspace_id = $ws AND journey = $j GROUP BY connector ORDER BY connector
                """, r => new JourneyConnectorStatistics(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6)), key);
            return new JourneyStatistics(totals.Item1, totals.Item2, totals.Item3, totals.Item4, totals.Item5, steps, branches, connectors);
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxRow>> OutboxAsync(WorkspaceId workspace, string journey, string status, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<OutboxRow>>(connection =>
            ReadRows(connection, """
                SELECT key, person_id, step, connector, status, attempts, due_at, last_error, updated_at FROM journey_outbox
                WHERE workspace_id = $ws AND journey = $j AND status = $status ORDER BY updated_at DESC, key LIMIT $limit
                """, r => new OutboxRow(r.GetString(0), new PersonId(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
                    Utc(r.GetValue(6)), r.IsDBNull(7) ? null : r.GetString(7), Utc(r.GetValue(8))),
                ("ws", workspace.Value), ("j", journey), ("status", status), ("limit", limit)),
            cancellationToken);
}

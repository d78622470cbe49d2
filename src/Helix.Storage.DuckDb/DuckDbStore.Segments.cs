using DuckDB.NET.Data;
using Helix.Core.Audiences.Segments;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>
/// Segment members and history. Real-time segments change inside the pipeline's commit (from the facts fold's
/// segment history); scheduled and static ones by <see cref="ReplaceSegmentMembersAsync"/>. Both write the same two
/// tables; the <c>realtime</c> column tells the rows a rebuild replays from those it must keep.
/// </summary>
public sealed partial class DuckDbStore : ISegmentStore, ISegmentRunStore
{
    public Task SaveSegmentRunAsync(WorkspaceId workspace, SegmentRun run, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, """
                INSERT OR REPLACE INTO segment_runs VALUES ($ws, $id, $segment, $trigger, $started, $finished, $status, $members, $entered, $exited, $error)
                """, ("ws", workspace.Value), ("id", run.Id), ("segment", run.Segment), ("trigger", run.Trigger), ("started", ToDb(run.StartedAt)),
                ("finished", run.FinishedAt is { } f ? ToDb(f) : null), ("status", run.Status), ("members", run.Members), ("entered", run.Entered),
                ("exited", run.Exited), ("error", run.Error));
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<SegmentRun>> ListSegmentRunsAsync(WorkspaceId workspace, string? segment, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<SegmentRun>>(connection =>
        {
            using var command = Command(connection, """
                SELECT run_id, segment, trigger, started_at, finished_at, status, members, entered, exited, error FROM segment_runs
                WHERE workspace_id = $ws AND ($segment IS NULL OR segment = $segment) ORDER BY started_at DESC, run_id DESC LIMIT $limit
                """, ("ws", workspace.Value), ("segment", segment), ("limit", limit));
            using var reader = command.ExecuteReader();
            var runs = new List<SegmentRun>();
            while (reader.Read())
            {
                runs.Add(new SegmentRun(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), Utc(reader.GetValue(3)), reader.IsDBNull(4) ? null : Utc(reader.GetValue(4)),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetInt32(7),
                    reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
            }

            return runs;
        }, cancellationToken);

    public Task<IReadOnlyList<SegmentMember>> SegmentMembersAsync(
        WorkspaceId workspace, string segment, int limit, PersonId? after, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<SegmentMember>>(connection =>
        {
            using var command = Command(connection, """
                SELECT person_id, since FROM segment_members
                WHERE workspace_id = $ws AND segment = $segment AND person_id > $after ORDER BY person_id LIMIT $limit
                """, ("ws", workspace.Value), ("segment", segment), ("after", after?.Value ?? ""), ("limit", limit));
            using var reader = command.ExecuteReader();
            var members = new List<SegmentMember>();
            while (reader.Read())
            {
                members.Add(new SegmentMember(new PersonId(reader.GetString(0)), reader.IsDBNull(1) ? null : Utc(reader.GetValue(1))));
            }

            return members;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, DateTimeOffset?>> PersonSegmentsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<string, DateTimeOffset?>>(connection =>
        {
            using var command = Command(connection, "SELECT segment, since FROM segment_members WHERE workspace_id = $ws AND person_id = $p ORDER BY segment",
                ("ws", workspace.Value), ("p", person.Value));
            using var reader = command.ExecuteReader();
            var segments = new SortedDictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
            while (reader.Read())
            {
                segments[reader.GetString(0)] = reader.IsDBNull(1) ? null : Utc(reader.GetValue(1));
            }

            return segments;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountSegmentMembersAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<string, long>>(connection =>
        {
            using var command = Command(connection, "SELECT segment, count(*) FROM segment_members WHERE workspace_id = $ws GROUP BY segment", ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        }, cancellationToken);

    public Task<IReadOnlyList<SegmentHistoryEntry>> SegmentHistoryAsync(
        WorkspaceId workspace, string? segment, PersonId? person, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<SegmentHistoryEntry>>(connection =>
        {
            using var command = Command(connection, """
                SELECT person_id, segment, entered, changed_at, position, reason FROM segment_history
                WHERE workspace_id = $ws AND ($segment IS NULL OR segment = $segment) AND ($person IS NULL OR person_id = $person)
                ORDER BY changed_at DESC, position DESC, person_id, segment LIMIT $limit
                """, ("ws", workspace.Value), ("segment", segment), ("person", person?.Value), ("limit", limit));
            using var reader = command.ExecuteReader();
            var history = new List<SegmentHistoryEntry>();
            while (reader.Read())
            {
                history.Add(new SegmentHistoryEntry(
                    workspace, new PersonId(reader.GetString(0)), reader.GetString(1), reader.GetBoolean(2), Utc(reader.GetValue(3)), reader.GetInt64(4), reader.GetString(5)));
            }

            return history;
        }, cancellationToken);

    public Task<(int Entered, int Exited)> ReplaceSegmentMembersAsync(
        WorkspaceId workspace, string segment, IReadOnlyCollection<PersonId> members, DateTimeOffset at, string reason, bool exceptRefusals = false,
        CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS segment_stage (person_id VARCHAR); DELETE FROM segment_stage");
            using (var appender = connection.CreateAppender("temp", "main", "segment_stage"))
            {
                foreach (var person in members.Distinct())
                {
                    appender.CreateRow().AppendValue(person.Value).EndRow();
                }
            }

            var parameters = new (string, object?)[] { ("ws", workspace.Value), ("segment", segment), ("at", ToDb(at)), ("reason", reason) };
            if (exceptRefusals)
            {
                Execute(connection, $"DELETE FROM segment_stage WHERE person_id IN ({ProfilingJson.RefusingSql})", ("ws", workspace.Value));
            }

            var position = ReadCheckpoint(connection);
            Execute(connection, """
                INSERT INTO segment_history
                  SELECT $ws, s.person_id, $segment, true, $at, $position, $reason, false FROM segment_stage s
                  WHERE NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.workspace_id = $ws AND m.segment = $segment AND m.person_id = s.person_id)
                UNION ALL
                  SELECT $ws, m.person_id, $segment, false, $at, $position, $reason, false FROM segment_members m
                  WHERE m.workspace_id = $ws AND m.segment = $segment AND NOT EXISTS (SELECT 1 FROM segment_stage s WHERE s.person_id = m.person_id)
                """, [.. parameters, ("position", position)]);
            var entered = Scalar(connection, "SELECT count(*) FROM segment_stage s WHERE NOT EXISTS (SELECT 1 FROM segment_members m WHERE m.workspace_id = $ws AND m.segment = $segment AND m.person_id = s.person_id)", parameters);
            var exited = Scalar(connection, "SELECT count(*) FROM segment_members m WHERE m.workspace_id = $ws AND m.segment = $segment AND NOT EXISTS (SELECT 1 FROM segment_stage s WHERE s.person_id = m.person_id)", parameters);
            Execute(connection, """
                DELETE FROM segment_members m WHERE m.workspace_id = $ws AND m.segment = $segment
                  AND NOT EXISTS (SELECT 1 FROM segment_stage s WHERE s.person_id = m.person_id);
                INSERT INTO segment_members SELECT $ws, $segment, s.person_id, $at, false FROM segment_stage s ON CONFLICT DO NOTHING;
                """, parameters);
            transaction.Commit();
            return ((int)entered, (int)exited);
        }, cancellationToken);

    public Task<bool> ChangeSegmentMemberAsync(
        WorkspaceId workspace, string segment, PersonId person, bool add, DateTimeOffset at, string reason, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            (string, object?)[] key = [("ws", workspace.Value), ("segment", segment), ("p", person.Value)];
            var member = Scalar(connection, "SELECT count(*) FROM segment_members WHERE workspace_id = $ws AND segment = $segment AND person_id = $p", key) > 0;
            if (member == add)
            {
                return false;
            }

            Execute(connection, add
                ? "INSERT INTO segment_members VALUES ($ws, $segment, $p, $at, false)"
                : "DELETE FROM segment_members WHERE workspace_id = $ws AND segment = $segment AND person_id = $p", [.. key, ("at", ToDb(at))]);
            Execute(connection, "INSERT INTO segment_history VALUES ($ws, $p, $segment, $add, $at, $position, $reason, false)",
                [.. key, ("add", add), ("at", ToDb(at)), ("position", ReadCheckpoint(connection)), ("reason", reason)]);
            transaction.Commit();
            return true;
        }, cancellationToken);

    private static long Scalar(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Part of the pipeline's commit: real-time entries and exits, in order, and the rows of persons that are gone.</summary>
    private static void WriteSegments(DuckDBConnection connection, FactsCommit facts)
    {
        if (facts.Removed.Count > 0)
        {
            Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS segment_gone (workspace_id VARCHAR, person_id VARCHAR); DELETE FROM segment_gone");
            using (var appender = connection.CreateAppender("temp", "main", "segment_gone"))
            {
                foreach (var (workspace, person) in facts.Removed)
                {
                    appender.CreateRow().AppendValue(workspace.Value).AppendValue(person.Value).EndRow();
                }
            }

            Execute(connection, """
                DELETE FROM segment_members m WHERE EXISTS (
                  SELECT 1 FROM segment_gone g WHERE g.workspace_id = m.workspace_id AND g.person_id = m.person_id) AND m.realtime
                """);
        }

        if (facts.Segments.Count == 0)
        {
            return;
        }

        using (var appender = connection.CreateAppender("segment_history"))
        {
            foreach (var h in facts.Segments)
            {
                appender.CreateRow().AppendValue(h.WorkspaceId.Value).AppendValue(h.Person.Value).AppendValue(h.Segment)
                    .AppendValue(h.Entered).AppendValue(h.At.UtcDateTime).AppendValue(h.Position).AppendValue(h.Reason).AppendValue(true).EndRow();
            }
        }

        // Only each membership's last change in this commit counts: in, with its time, or out.
        var last = new Dictionary<(string, string, string), SegmentHistoryEntry>();
        foreach (var h in facts.Segments)
        {
            last[(h.WorkspaceId.Value, h.Segment, h.Person.Value)] = h;
        }

        Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS segment_changes (workspace_id VARCHAR, segment VARCHAR, person_id VARCHAR, entered BOOLEAN, since TIMESTAMPTZ); DELETE FROM segment_changes");
        using (var appender = connection.CreateAppender("temp", "main", "segment_changes"))
        {
            foreach (var h in last.Values)
            {
                appender.CreateRow().AppendValue(h.WorkspaceId.Value).AppendValue(h.Segment).AppendValue(h.Person.Value).AppendValue(h.Entered).AppendValue(h.At.UtcDateTime).EndRow();
            }
        }

        Execute(connection, """
            DELETE FROM segment_members m WHERE EXISTS (SELECT 1 FROM segment_changes c
              WHERE c.workspace_id = m.workspace_id AND c.segment = m.segment AND c.person_id = m.person_id);
            INSERT INTO segment_members SELECT workspace_id, segment, person_id, since, true FROM segment_changes WHERE entered;
            """);
    }

    /// <summary>
    /// Part of the pipeline's commit: persons refusing profiling leave the scheduled segments they are stored members of,
    /// each exit recorded (not as real-time: the membership is a recompute's, and a rebuild keeps it as it is now).
    /// </summary>
    private static void LeaveScheduledSegments(DuckDBConnection connection, IReadOnlyList<SegmentHistoryEntry> exits)
    {
        if (exits.Count == 0)
        {
            return;
        }

        Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS segment_leaving AS SELECT * FROM segment_history LIMIT 0; DELETE FROM segment_leaving");
        using (var appender = connection.CreateAppender("temp", "main", "segment_leaving"))
        {
            foreach (var h in exits)
            {
                appender.CreateRow().AppendValue(h.WorkspaceId.Value).AppendValue(h.Person.Value).AppendValue(h.Segment)
                    .AppendValue(false).AppendValue(h.At.UtcDateTime).AppendValue(h.Position).AppendValue(h.Reason).AppendValue(false).EndRow();
            }
        }

        Execute(connection, """
            INSERT INTO segment_history SELECT l.* FROM segment_leaving l WHERE EXISTS (SELECT 1 FROM segment_members m
              WHERE m.workspace_id = l.workspace_id AND m.segment = l.segment AND m.person_id = l.person_id AND NOT m.realtime);
            DELETE FROM segment_members m WHERE NOT m.realtime AND EXISTS (SELECT 1 FROM segment_leaving l
              WHERE l.workspace_id = m.workspace_id AND l.segment = m.segment AND l.person_id = m.person_id);
            """);
    }

    /// <summary>Every person's segments, to restore the real-time ones with the facts.</summary>
    private static Dictionary<(string, string), Dictionary<string, DateTimeOffset>> LoadSegmentMemberships(DuckDBConnection connection)
    {
        using var command = Command(connection, "SELECT workspace_id, person_id, segment, since FROM segment_members WHERE realtime");
        using var reader = command.ExecuteReader();
        var memberships = new Dictionary<(string, string), Dictionary<string, DateTimeOffset>>();
        while (reader.Read())
        {
            var key = (reader.GetString(0), reader.GetString(1));
            if (!memberships.TryGetValue(key, out var segments))
            {
                memberships[key] = segments = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            }

            segments[reader.GetString(2)] = Utc(reader.GetValue(3));
        }

        return memberships;
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Helix.Core;
using Helix.Core.Collect;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Runtime;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>
/// The journey runtime's rounds: read in one snapshot (due timers, new events, segment changes, API requests and the
/// state of the persons they involve), committed in one transaction (memberships, entries, steps, outbox, cursors).
/// </summary>
public sealed partial class DuckDbStore : IJourneyRuntimeStore
{
    private const string MemberColumns = "workspace_id, journey, person_id, version, entry, step, entered_at, since, wake_at, held_out";

    public Task<IReadOnlyList<StoredJourney>> RunningJourneysAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredJourney>>(connection =>
            ReadRows(connection, "SELECT workspace_id, name, status, version FROM journeys WHERE status IN ('live', 'paused') ORDER BY workspace_id, name",
                r => new StoredJourney(new WorkspaceId(r.GetString(0)), r.GetString(1),
                    WireNames.TryParse(r.GetString(2), out JourneyStatus status) ? status : JourneyStatus.Paused, r.GetInt32(3))),
            cancellationToken);

    public Task<string?> JourneyDefinitionAsync(WorkspaceId workspace, string name, int version, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
            ReadRows(connection, "SELECT definition FROM journey_versions WHERE workspace_id = $ws AND name = $name AND version = $v",
                r => r.GetString(0), ("ws", workspace.Value), ("name", name), ("v", version)).SingleOrDefault(),
            cancellationToken);

    public Task RequestEntriesAsync(IReadOnlyList<EntryRequest> requests, JourneyRun? run, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, """
                CREATE TEMP TABLE IF NOT EXISTS journey_asked (workspace_id VARCHAR, journey VARCHAR, person_id VARCHAR, request_id VARCHAR, requested_at TIMESTAMPTZ);
                DELETE FROM journey_asked
                """);
            using (var appender = connection.CreateAppender("temp", "main", "journey_asked"))
            {
                foreach (var r in requests)
                {
                    appender.CreateRow().AppendValue(r.Workspace.Value).AppendValue(r.Journey).AppendValue(r.Person.Value).AppendValue(r.RequestId)
                        .AppendValue(r.At.UtcDateTime).EndRow();
                }
            }

            // A request id already acted on (its entry stored) is not queued again: a client's retry enters nobody twice.
            Execute(connection, """
                INSERT INTO journey_requests SELECT * FROM journey_asked a WHERE NOT EXISTS (
                  SELECT 1 FROM journey_entries e WHERE e.workspace_id = a.workspace_id AND e.journey = a.journey AND e.trigger = a.request_id)
                ON CONFLICT DO NOTHING
                """);
            if (run is not null)
            {
                Execute(connection, "INSERT OR REPLACE INTO journey_cursors VALUES ($name, $at)", ("name", RunCursor(run.Workspace, run.Journey)), ("at", run.At.ToUnixTimeMilliseconds()));
            }

            transaction.Commit();
            return 0;
        }, cancellationToken);

    public Task<DateTimeOffset?> LastRunAsync(WorkspaceId workspace, string journey, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
            ReadRows(connection, "SELECT position FROM journey_cursors WHERE name = $name", r => (DateTimeOffset?)DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)),
                ("name", RunCursor(workspace, journey))).SingleOrDefault(),
            cancellationToken);

    private static string RunCursor(WorkspaceId workspace, string journey) => $"run:{workspace.Value}/{journey}";

    public Task<IReadOnlyList<PersonId>> PersonsByMonthDayAsync(WorkspaceId workspace, string trait, IReadOnlyList<string> monthDays, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<PersonId>>(connection =>
        {
            var (inList, parameters) = InList("d", monthDays.Select(d => (object?)d));
            return ReadRows(connection, $"""
                SELECT person_id FROM persons WHERE workspace_id = $ws AND quarantine_reason IS NULL
                  AND strftime(TRY_CAST(json_extract_string(traits, $path) AS DATE), '%m-%d') IN ({inList})
                ORDER BY person_id
                """, r => new PersonId(r.GetString(0)), [.. parameters, ("ws", workspace.Value), ("path", "$." + JsonSerializer.Serialize(trait))]);
        }, cancellationToken);

    public Task<JourneyRound> ReadRoundAsync(
        IReadOnlyCollection<StoredJourney> running, IReadOnlySet<(WorkspaceId, string)> segments, IReadOnlyCollection<(WorkspaceId Workspace, string Name, int Version)> unreadable,
        DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var (skipped, skippedParameters) = InList("u", unreadable.Select(u => (object?)$"{u.Workspace.Value}/{u.Name}/{u.Version}"));
            var due = ReadRows(connection, $"""
                SELECT {MemberColumns} FROM journey_members m WHERE wake_at <= $now
                  AND EXISTS (SELECT 1 FROM journeys j WHERE j.workspace_id = m.workspace_id AND j.name = m.journey AND j.status = 'live')
                  {(unreadable.Count == 0 ? "" : $"AND m.workspace_id || '/' || m.journey || '/' || m.version NOT IN ({skipped})")}
                ORDER BY wake_at LIMIT $limit
                """, Member, [.. skippedParameters, ("now", ToDb(now)), ("limit", limit)]);
            var (eventsCursor, segmentsCursor) = (JourneyCursor(connection, "events"), JourneyCursor(connection, "segments"));
            var (events, nextEvents) = ReadJourneyEvents(connection, eventsCursor, running.Select(j => j.Workspace).Distinct().ToList(), limit);
            var (changes, nextSegments) = ReadSegmentChanges(connection, segmentsCursor, segments, limit);
            var requests = ReadRows(connection, "SELECT workspace_id, journey, person_id, request_id, requested_at FROM journey_requests ORDER BY requested_at LIMIT $limit",
                r => new EntryRequest(new WorkspaceId(r.GetString(0)), r.GetString(1), new PersonId(r.GetString(2)), r.GetString(3), Utc(r.GetValue(4))), ("limit", limit));
            var persons = due.Select(m => (m.Workspace, m.Person)).Concat(events.Concat(changes).Select(i => (i.Workspace, i.Person)))
                .Concat(requests.Select(r => (r.Workspace, r.Person))).ToHashSet();
            var (members, entries) = ReadPersonsState(connection, persons);
            return new JourneyRound(eventsCursor, segmentsCursor, nextEvents, nextSegments, due, [.. events, .. changes], requests, members, entries);
        }, cancellationToken);

    /// <summary>Events after the cursor in workspaces with running journeys; the next cursor passes every event this snapshot holds once fewer than a page remain.</summary>
    private static (List<JourneyInput> Events, long Next) ReadJourneyEvents(DuckDBConnection connection, long cursor, List<WorkspaceId> workspaces, int limit)
    {
        using var end = Command(connection, "SELECT coalesce(max(position) + 1, 0) FROM events");
        var last = Math.Max(cursor, Convert.ToInt64(end.ExecuteScalar(), CultureInfo.InvariantCulture));
        if (workspaces.Count == 0)
        {
            return ([], last);
        }

        var (inList, parameters) = InList("w", workspaces.Select(w => (object?)w.Value));
        var rows = ReadRows(connection, $"""
            SELECT position, workspace_id, person_id, message_id, type, event, source_id, user_id, anonymous_id, timestamp, received_at, properties
            FROM events WHERE position >= $cursor AND workspace_id IN ({inList}) ORDER BY position LIMIT $limit
            """, r => (Position: r.GetInt64(0), Input: (JourneyInput)new EventInput(new WorkspaceId(r.GetString(1)), new PersonId(r.GetString(2)), StoredMessage(r))),
            [.. parameters, ("cursor", cursor), ("limit", limit)]);
        return ([.. rows.Select(r => r.Input)], rows.Count == limit ? rows[^1].Position + 1 : last);
    }

    private static CollectedMessage StoredMessage(DbDataReader r) => new()
    {
        WorkspaceId = new WorkspaceId(r.GetString(1)),
        MessageId = r.GetString(3),
        Type = MessageTypes.TryParse(r.GetString(4), out var type) ? type : throw new InvalidDataException($"Stored event has unknown type '{r.GetString(4)}'."),
        Event = r.IsDBNull(5) ? null : r.GetString(5),
        SourceId = new SourceId(r.GetString(6)),
        UserId = r.IsDBNull(7) ? null : r.GetString(7),
        AnonymousId = r.IsDBNull(8) ? null : r.GetString(8),
        Timestamp = Utc(r.GetValue(9)),
        ReceivedAt = Utc(r.GetValue(10)),
        Properties = r.IsDBNull(11) ? null : JsonElement.Parse(r.GetString(11)),
    };

    /// <summary>
    /// Segment entries and exits from the cursor on, of the segments journeys enter on, not yet acted on. The cursor
    /// stays at the last position read: a recompute writes its rows at the checkpoint, where the next events land too.
    /// </summary>
    private static (List<JourneyInput> Changes, long Next) ReadSegmentChanges(
        DuckDBConnection connection, long cursor, IReadOnlySet<(WorkspaceId, string)> segments, int limit)
    {
        using var end = Command(connection, "SELECT coalesce(max(position), 0) FROM segment_history");
        var last = Math.Max(cursor, Convert.ToInt64(end.ExecuteScalar(), CultureInfo.InvariantCulture));
        if (segments.Count == 0)
        {
            return ([], last);
        }

        var (inList, parameters) = InList("s", segments.Select(s => (object?)$"{s.Item1.Value}/{s.Item2}"));
        var rows = ReadRows(connection, $"""
            SELECT workspace_id, person_id, segment, entered, changed_at, position, trigger FROM (
              SELECT *, 'segment:' || segment || ':' || CASE WHEN entered THEN 'in' ELSE 'out' END || ':' || position || ':'
                || epoch_us(changed_at) || ':' || person_id AS trigger
              FROM segment_history WHERE position >= $cursor AND workspace_id || '/' || segment IN ({inList})) h
            WHERE NOT EXISTS (SELECT 1 FROM journey_triggers t WHERE t.workspace_id = h.workspace_id AND t.trigger = h.trigger)
            ORDER BY position, changed_at, person_id LIMIT $limit
            """, r => (Position: r.GetInt64(5), Input: (JourneyInput)new SegmentInput(new WorkspaceId(r.GetString(0)), new PersonId(r.GetString(1)), r.GetString(2),
                r.GetBoolean(3), Utc(r.GetValue(4)), r.GetString(6))),
            [.. parameters, ("cursor", cursor), ("limit", limit)]);
        return ([.. rows.Select(r => r.Input)], rows.Count == limit ? rows[^1].Position : last);
    }

    private static (List<JourneyMember>, Dictionary<(WorkspaceId, string, PersonId), LastEntry>) ReadPersonsState(
        DuckDBConnection connection, HashSet<(WorkspaceId Workspace, PersonId Person)> persons)
    {
        var entries = new Dictionary<(WorkspaceId, string, PersonId), LastEntry>();
        if (persons.Count == 0)
        {
            return ([], entries);
        }

        Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS journey_round_persons (workspace_id VARCHAR, person_id VARCHAR); DELETE FROM journey_round_persons");
        using (var appender = connection.CreateAppender("temp", "main", "journey_round_persons"))
        {
            foreach (var (workspace, person) in persons)
            {
                appender.CreateRow().AppendValue(workspace.Value).AppendValue(person.Value).EndRow();
            }
        }

        var members = ReadRows(connection, $"""
            SELECT {MemberColumns} FROM journey_members m
            WHERE EXISTS (SELECT 1 FROM journey_round_persons p WHERE p.workspace_id = m.workspace_id AND p.person_id = m.person_id)
            """, Member);
        foreach (var (key, last) in ReadRows(connection, """
            SELECT workspace_id, journey, person_id, entry, entered_at, ended_at IS NULL FROM journey_entries e
            WHERE EXISTS (SELECT 1 FROM journey_round_persons p WHERE p.workspace_id = e.workspace_id AND p.person_id = e.person_id)
            QUALIFY row_number() OVER (PARTITION BY workspace_id, journey, person_id ORDER BY entry DESC) = 1
            """, r => ((new WorkspaceId(r.GetString(0)), r.GetString(1), new PersonId(r.GetString(2))), new LastEntry(r.GetInt32(3), Utc(r.GetValue(4)), r.GetBoolean(5)))))
        {
            entries[key] = last;
        }

        return (members, entries);
    }

    private static long JourneyCursor(DuckDBConnection connection, string name)
    {
        using var command = Command(connection, "SELECT position FROM journey_cursors WHERE name = $name", ("name", name));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static (string Sql, (string, object?)[] Parameters) InList(string prefix, IEnumerable<object?> values)
    {
        var parameters = values.Select((v, i) => ($"{prefix}{i}", v)).ToArray();
        return (string.Join(", ", parameters.Select(p => "$" + p.Item1)), parameters);
    }

    private static JourneyMember Member(DbDataReader r) => new(
        new WorkspaceId(r.GetString(0)), r.GetString(1), r.GetInt32(3), new PersonId(r.GetString(2)), r.GetInt32(4),
        new JourneyPosition(r.GetString(5), Utc(r.GetValue(6)), Utc(r.GetValue(7)), r.IsDBNull(8) ? null : Utc(r.GetValue(8))), r.GetBoolean(9));
}

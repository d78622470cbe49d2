using System.Data.Common;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore
{
    public Task<PersonId?> FindByIdentifierAsync(WorkspaceId workspace, Identifier identifier, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection,
                "SELECT person_id FROM identities WHERE workspace_id = $ws AND type = $type AND value = $value",
                ("ws", workspace.Value), ("type", identifier.Type), ("value", StoredValue(workspace, identifier)));
            return command.ExecuteScalar() is string person ? new PersonId(person) : (PersonId?)null;
        }, cancellationToken);

    public Task<ProfileView?> GetProfileAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = Command(connection,
                "SELECT first_seen, last_seen, event_count, traits, merge_count, quarantine_reason, quarantine_position, quarantined_at, trait_times FROM persons WHERE workspace_id = $ws AND person_id = $p",
                ("ws", workspace.Value), ("p", person.Value));
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var profile = new ProfileView(workspace, person, OpenValues(workspace, TraitJson.ValuesOnly(reader.GetString(3))), ReadIdentifiers(workspace, person),
                Utc(reader.GetValue(0)), Utc(reader.GetValue(1)), reader.GetInt64(2))
            {
                MergeCount = reader.GetInt32(4),
                Quarantine = ReadQuarantine(reader, 5),
                TraitProvenance = OpenTraits(workspace, TraitJson.Read(reader.GetString(3), reader.GetString(8))),
            };
            transaction.Commit();
            return profile;

            List<IdentifierLink> ReadIdentifiers(WorkspaceId ws, PersonId p)
            {
                using var links = Command(connection,
                    $"SELECT {IdentifierColumns} FROM identities WHERE workspace_id = $ws AND person_id = $p ORDER BY position, first_seen, type, value",
                    ("ws", ws.Value), ("p", p.Value));
                using var linkReader = links.ExecuteReader();
                var result = new List<IdentifierLink>();
                while (linkReader.Read())
                {
                    result.Add(OpenIdentifier(ws, ReadIdentifier(linkReader, 0)));
                }

                return result;
            }
        }, cancellationToken);

    public Task<TimelinePage> GetTimelineAsync(
        WorkspaceId workspace, PersonId person, TimelineCursor? after, int limit, string? eventName = null, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            var parameters = new List<(string, object?)> { ("ws", workspace.Value), ("p", person.Value), ("limit", limit + 1) };
            var where = "workspace_id = $ws AND person_id = $p";
            if (eventName is not null)
            {
                where += " AND type = $track AND event = $e";
                parameters.Add(("track", MessageType.Track.ToWire()));
                parameters.Add(("e", eventName));
            }

            if (after is { } cursor)
            {
                where += " AND (timestamp < $t OR (timestamp = $t AND position < $pos))";
                parameters.Add(("t", cursor.Timestamp.UtcDateTime));
                parameters.Add(("pos", cursor.Position));
            }

            using var command = Command(connection,
                $"""
                SELECT position, message_id, type, event, source_id, user_id, anonymous_id, timestamp, received_at, properties, traits, context
                FROM events WHERE {where} ORDER BY timestamp DESC, position DESC LIMIT $limit
                """,
                [.. parameters]);
            using var reader = command.ExecuteReader();
            var events = new List<TimelineEvent>();
            while (reader.Read())
            {
                events.Add(ReadEvent(workspace, reader));
            }

            // One row more than asked tells whether another page exists without a second query.
            if (events.Count <= limit)
            {
                return new TimelinePage(events, null);
            }

            events.RemoveAt(limit);
            var last = events[^1];
            return new TimelinePage(events, new TimelineCursor(last.Timestamp, last.Position));
        }, cancellationToken);

    private TimelineEvent ReadEvent(WorkspaceId workspace, DbDataReader reader)
    {
        if (!MessageTypes.TryParse(reader.GetString(2), out var type))
        {
            throw new InvalidDataException($"Stored event has unknown type '{reader.GetString(2)}'.");
        }

        return new TimelineEvent(
            reader.GetInt64(0),
            reader.GetString(1),
            type,
            reader.IsDBNull(3) ? null : reader.GetString(3),
            new SourceId(reader.GetString(4)),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            Utc(reader.GetValue(7)),
            Utc(reader.GetValue(8)),
            OpenJson(workspace, Json(reader, 9)),
            OpenJson(workspace, Json(reader, 10)),
            OpenJson(workspace, Json(reader, 11)));
    }

    private static JsonElement? Json(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonElement.Parse(reader.GetString(ordinal));
}

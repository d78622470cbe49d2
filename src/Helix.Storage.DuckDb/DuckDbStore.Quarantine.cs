using System.Data.Common;
using DuckDB.NET.Data;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore
{
    public Task<QuarantinePage> ListQuarantinedAsync(WorkspaceId workspace, QuarantineCursor? after, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            // One row more than asked tells whether another page exists; the three reads share the page's filter.
            var filter = after is null
                ? "workspace_id = $ws AND quarantine_reason IS NOT NULL"
                : "workspace_id = $ws AND quarantine_reason IS NOT NULL AND (quarantine_position < $pos OR (quarantine_position = $pos AND person_id < $after))";
            var page = $"SELECT person_id FROM persons WHERE {filter} ORDER BY quarantine_position DESC, person_id DESC LIMIT $limit";
            (string, object?)[] parameters = after is { } cursor
                ? [("ws", workspace.Value), ("limit", limit + 1), ("pos", cursor.Position), ("after", cursor.Person.Value)]
                : [("ws", workspace.Value), ("limit", limit + 1)];
            using var transaction = connection.BeginTransaction();
            var identifiers = ReadByPerson(connection,
                $"SELECT person_id, {IdentifierColumns} FROM identities JOIN ({page}) USING (person_id) WHERE workspace_id = $ws ORDER BY position, first_seen, type, value",
                parameters, reader => OpenIdentifier(workspace, ReadIdentifier(reader, 1)));
            var links = ReadByPerson(connection,
                $"SELECT person_id, {LinkColumns} FROM identity_links JOIN ({page}) USING (person_id) WHERE workspace_id = $ws ORDER BY position, from_type, from_value",
                parameters, reader => OpenLink(workspace, ReadLink(reader, 1)));
            var persons = new List<QuarantinedPerson>();
            using (var command = Command(connection,
                $"SELECT person_id, quarantine_reason, quarantine_position, quarantined_at, merge_count FROM persons WHERE {filter} ORDER BY quarantine_position DESC, person_id DESC LIMIT $limit",
                parameters))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var id = reader.GetString(0);
                    var graph = new IdentityGraphView(new PersonId(id), identifiers.GetValueOrDefault(id) ?? [], links.GetValueOrDefault(id) ?? []);
                    persons.Add(new QuarantinedPerson(ReadQuarantine(reader, 1)!, reader.GetInt32(4), graph));
                }
            }

            transaction.Commit();
            if (persons.Count <= limit)
            {
                return new QuarantinePage(persons, null);
            }

            persons.RemoveAt(limit);
            var last = persons[^1];
            return new QuarantinePage(persons, new QuarantineCursor(last.Quarantine.Position, last.Graph.PersonId));
        }, cancellationToken);

    /// <summary>Rows grouped by the person id in their first column, in the order the query returns them.</summary>
    private static Dictionary<string, List<T>> ReadByPerson<T>(DuckDBConnection connection, string sql, (string, object?)[] parameters, Func<DbDataReader, T> read)
    {
        var groups = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var person = reader.GetString(0);
            if (!groups.TryGetValue(person, out var group))
            {
                groups[person] = group = [];
            }

            group.Add(read(reader));
        }

        return groups;
    }
}

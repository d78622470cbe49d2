using System.Text.Json;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore : IConsentStore
{
    private const string ConsentEventsSql = """
        SELECT person_id, timestamp, position, message_id, source_id, properties::VARCHAR FROM events
        WHERE workspace_id = $ws AND type = 'track' AND event = $name
        """;

    public Task<IReadOnlyList<ConsentStatement>> ConsentStatementsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ConsentStatement>>(connection =>
            [.. ReadRows(connection, ConsentEventsSql + " AND person_id = $person ORDER BY timestamp, position", ConsentRow,
                    ("ws", workspace.Value), ("name", ConsentEvent.Name), ("person", person.Value))
                .SelectMany(row => row.Statements)],
            cancellationToken);

    // Folded in C# with the same code as one profile's consents: one scan of the events' name column, and consent
    // events are few next to the rest.
    public Task<IReadOnlySet<string>> PersonsAllowingAsync(WorkspaceId workspace, ConsentTopic topic, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlySet<string>>(connection =>
            ReadRows(connection, ConsentEventsSql, ConsentRow, ("ws", workspace.Value), ("name", ConsentEvent.Name))
                .GroupBy(row => row.Person, StringComparer.Ordinal)
                .Where(person => ConsentState.Of(person.SelectMany(row => row.Statements)).Allows(topic))
                .Select(person => person.Key)
                .ToHashSet(StringComparer.Ordinal),
            cancellationToken);

    private sealed record ConsentEventRow(string Person, IReadOnlyList<ConsentStatement> Statements);

    private static ConsentEventRow ConsentRow(System.Data.Common.DbDataReader reader)
    {
        JsonElement? properties = reader.IsDBNull(5) ? null : JsonElement.Parse(reader.GetString(5));
        return new ConsentEventRow(
            reader.GetString(0),
            ConsentEvent.Read(properties, Utc(reader.GetValue(1)), reader.GetString(4), reader.GetString(3), reader.GetInt64(2)));
    }
}

using System.Text.Json;
using Helix.Core.Privacy.SubjectAccess;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore : ISubjectAccessSource
{
    /// <summary>The same tables and conditions erasure deletes by, read in one snapshot, plus the import lists that name the person's identifiers.</summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>> PersonRowsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>>(connection =>
        {
            var tables = new SortedDictionary<string, IReadOnlyList<JsonElement>>(StringComparer.Ordinal);
            foreach (var (table, condition) in PersonRows)
            {
                tables[table] = Rows(connection, $"SELECT to_json(t)::VARCHAR FROM {table} t WHERE {condition}", workspace, person);
            }

            tables["tag_list_members"] = Rows(connection, """
                SELECT to_json(t)::VARCHAR FROM tag_list_members t
                WHERE workspace_id = $ws AND (type, value) IN (SELECT type, value FROM identities WHERE workspace_id = $ws AND person_id = $person)
                """, workspace, person);
            return tables;
        }, cancellationToken);

    private static List<JsonElement> Rows(DuckDB.NET.Data.DuckDBConnection connection, string sql, WorkspaceId workspace, PersonId person)
    {
        using var command = Command(connection, sql, ("ws", workspace.Value), ("person", person.Value));
        using var reader = command.ExecuteReader();
        var rows = new List<JsonElement>();
        while (reader.Read())
        {
            rows.Add(JsonElement.Parse(reader.GetString(0)));
        }

        return rows;
    }
}

using System.Text.Json;
using Helix.Core.Privacy.SubjectAccess;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore : ISubjectAccessSource
{
    /// <summary>
    /// The same tables and conditions erasure deletes by, read in one snapshot, plus the import lists that name the person's identifiers;
    /// sealed values opened, since the rows are for the person they describe.
    /// </summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>> PersonRowsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>>(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var tables = new SortedDictionary<string, IReadOnlyList<JsonElement>>(StringComparer.Ordinal);
            foreach (var (table, condition) in PersonRows)
            {
                tables[table] = Rows(connection, $"SELECT to_json(t)::VARCHAR FROM {table} t WHERE {condition}", workspace, person);
            }

            // Lists name identifiers as imported; the person's own are read opened, personal ones being stored as digests.
            var identifiers = ReadRows(connection, "SELECT type, coalesce(sealed, value) FROM identities WHERE workspace_id = $ws AND person_id = $person",
                r => (Type: r.GetString(0), Value: OpenText(workspace, r.GetString(1))), ("ws", workspace.Value), ("person", person.Value));
            tables["tag_list_members"] = identifiers
                .SelectMany(i => ListRows(connection, workspace, i.Type, i.Value))
                .ToList();
            transaction.Commit();
            return tables;
        }, cancellationToken);

    private List<JsonElement> Rows(DuckDB.NET.Data.DuckDBConnection connection, string sql, WorkspaceId workspace, PersonId person) =>
        ReadRows(connection, sql, r => OpenJson(workspace, JsonElement.Parse(r.GetString(0)))!.Value, ("ws", workspace.Value), ("person", person.Value));

    private static List<JsonElement> ListRows(DuckDB.NET.Data.DuckDBConnection connection, WorkspaceId workspace, string type, string value) =>
        ReadRows(connection, "SELECT to_json(t)::VARCHAR FROM tag_list_members t WHERE workspace_id = $ws AND type = $type AND value = $value",
            r => JsonElement.Parse(r.GetString(0)), ("ws", workspace.Value), ("type", type), ("value", value));
}

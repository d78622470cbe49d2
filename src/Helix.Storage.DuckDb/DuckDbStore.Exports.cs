using System.Text.Json;
using Helix.Core.Audiences.Exports;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>A segment's members with what exports write of them.</summary>
public sealed partial class DuckDbStore : IExportSource
{
    public Task<IReadOnlyList<ExportPerson>> SegmentExportPersonsAsync(WorkspaceId workspace, string segment, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ExportPerson>>(connection =>
        {
            var identifiers = new Dictionary<string, List<Identifier>>(StringComparer.Ordinal);
            using (var command = Command(connection, """
                SELECT i.person_id, i.type, coalesce(i.sealed, i.value) FROM identities i
                JOIN segment_members m ON m.workspace_id = i.workspace_id AND m.person_id = i.person_id AND m.segment = $segment
                WHERE i.workspace_id = $ws ORDER BY i.person_id, i.type, i.value
                """, ("ws", workspace.Value), ("segment", segment)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var person = reader.GetString(0);
                    if (!identifiers.TryGetValue(person, out var list))
                    {
                        identifiers[person] = list = [];
                    }

                    list.Add(new Identifier(reader.GetString(1), OpenText(workspace, reader.GetString(2))));
                }
            }

            using var persons = Command(connection, """
                SELECT p.person_id, p.traits, f.workspace_id, f.person_id, f.computed, f.model_tags, f.tags, f.profiling
                FROM persons p
                JOIN segment_members m ON m.workspace_id = p.workspace_id AND m.person_id = p.person_id AND m.segment = $segment
                LEFT JOIN person_facts f ON f.workspace_id = p.workspace_id AND f.person_id = p.person_id
                WHERE p.workspace_id = $ws ORDER BY p.person_id
                """, ("ws", workspace.Value), ("segment", segment));
            using var rows = persons.ExecuteReader();
            var result = new List<ExportPerson>();
            while (rows.Read())
            {
                var id = rows.GetString(0);
                var traits = OpenValues(workspace, JsonElement.Parse(rows.GetString(1)).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal));
                result.Add(new ExportPerson(new PersonId(id), traits, identifiers.GetValueOrDefault(id) ?? [], rows.IsDBNull(2) ? null : ReadFacts(rows, 2)));
            }

            return result;
        }, cancellationToken);
}

using System.Text.Json;
using Helix.Core.Audiences.Lookalike;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>The population a lookalike is learnt from and scored over: every person not in quarantine who has not refused profiling.</summary>
public sealed partial class DuckDbStore : ILookalikeSource
{
    public Task<IReadOnlyList<LookalikePerson>> LookalikePersonsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<LookalikePerson>>(connection =>
        {
            using var command = Command(connection, $"""
                SELECT p.person_id, p.traits, p.event_count, p.first_seen, p.last_seen, f.workspace_id, f.person_id, f.computed, f.model_tags, f.tags, f.profiling
                FROM persons p LEFT JOIN person_facts f ON f.workspace_id = p.workspace_id AND f.person_id = p.person_id
                WHERE p.workspace_id = $ws AND p.quarantine_reason IS NULL AND NOT {ProfilingJson.RefusedSql}
                ORDER BY p.person_id
                """, ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            var persons = new List<LookalikePerson>();
            while (reader.Read())
            {
                var traits = JsonElement.Parse(reader.GetString(1)).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
                var facts = reader.IsDBNull(5) ? null : ReadFacts(reader, 5);
                persons.Add(new LookalikePerson(
                    new PersonId(reader.GetString(0)), traits, reader.GetInt64(2), Utc(reader.GetValue(3)), Utc(reader.GetValue(4)), facts));
            }

            return persons;
        }, cancellationToken);
}

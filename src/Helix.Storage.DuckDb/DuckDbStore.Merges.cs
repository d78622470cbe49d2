using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Merged person ids, answered with the person that holds their data now (<c>person_merges</c>).</summary>
public sealed partial class DuckDbStore
{
    public Task<PersonId?> SurvivorOfAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            // A live person is never redirected (a split can bring a merged id back), nor sent to a survivor that is gone.
            using var command = Command(connection, """
                SELECT m.survivor FROM person_merges m
                WHERE m.workspace_id = $ws AND m.person_id = $p
                  AND NOT EXISTS (SELECT 1 FROM persons WHERE workspace_id = $ws AND person_id = $p)
                  AND EXISTS (SELECT 1 FROM persons WHERE workspace_id = $ws AND person_id = m.survivor)
                """, ("ws", workspace.Value), ("p", person.Value));
            return command.ExecuteScalar() is string survivor ? new PersonId(survivor) : (PersonId?)null;
        }, cancellationToken);
}

using System.Text.Json;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.SubjectAccess;

/// <summary>
/// Everything the store holds about one person (a data subject's access request, GDPR art. 15 / PIPL art. 45):
/// every row of theirs in every table that erasure deletes from, as the rows are stored.
/// </summary>
public interface ISubjectAccessSource
{
    /// <returns>Rows per table, each row a JSON object of its columns; tables without rows are present and empty.</returns>
    Task<IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>> PersonRowsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default);
}

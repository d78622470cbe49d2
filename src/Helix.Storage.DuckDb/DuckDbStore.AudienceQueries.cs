using Helix.Core.Audiences;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb;

/// <summary>The audience queries the server asks for (estimates, scheduled recomputes), answered by the SQL compiler.</summary>
public sealed partial class DuckDbStore : IAudienceQueries
{
    public Task<AudienceEstimate> EstimateAudienceAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, int sample, CancellationToken cancellationToken = default) =>
        Compiled(() => CountAsync(workspace, condition, definitions, now, sample, cancellationToken));

    public Task<IReadOnlyList<PersonId>> AudienceMembersAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Compiled(() => MembersAsync(workspace, condition, definitions, now, cancellationToken));

    public Task<bool> AudienceHoldsAsync(
        WorkspaceId workspace, PersonId person, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Compiled(() =>
        {
            var query = AudienceSql.Compile(condition, definitions, now);
            return ReadAsync(connection =>
            {
                using var command = AudienceCommand(connection, $"SELECT count(*) FROM ({query.Sql}) WHERE person_id = $person", workspace, query);
                command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("person", person.Value));
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
            }, cancellationToken);
        });

    public Task<IReadOnlyList<PersonId>> ConditionMembersAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Compiled(() =>
        {
            var query = AudienceSql.Compile(condition, definitions, now);
            return ReadAsync<IReadOnlyList<PersonId>>(connection => ReadMembers(connection, workspace, query), cancellationToken);
        });

    private static async Task<T> Compiled<T>(Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (AudienceCompileException e)
        {
            throw new AudienceQueryException("when", $"{e.Field}: {e.Reason}");
        }
    }
}

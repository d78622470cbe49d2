using Helix.Core.Audiences;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb;

/// <summary>Audience counts and membership over a whole workspace, from the conditions compiled to SQL (<see cref="AudienceSql"/>).</summary>
public sealed partial class DuckDbStore
{
    /// <summary>How many persons of <paramref name="workspace"/> are in the audience at <paramref name="now"/>, and the first <paramref name="sample"/> by id; persons refusing profiling are never in one.</summary>
    /// <exception cref="AudienceCompileException">The condition reads a computed trait <paramref name="definitions"/> does not define.</exception>
    public Task<AudienceEstimate> CountAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, int sample, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        var query = AudienceSql.Compile(condition, definitions, now, exceptRefusals: true);
        return ReadAsync(connection =>
        {
            // One run of the query: the total rides along on each sampled row.
            using var command = AudienceCommand(connection,
                $"SELECT person_id, count(*) OVER () FROM ({query.Sql}) ORDER BY person_id LIMIT greatest($limit, 1)", workspace, query);
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("limit", sample));
            using var reader = command.ExecuteReader();
            var members = new List<PersonId>();
            var total = 0L;
            while (reader.Read())
            {
                total = reader.GetInt64(1);
                if (members.Count < sample)
                {
                    members.Add(new PersonId(reader.GetString(0)));
                }
            }

            return new AudienceEstimate(total, members);
        }, cancellationToken);
    }

    /// <summary>Every person of <paramref name="workspace"/> in the audience at <paramref name="now"/>, sorted by id (ordinally); persons refusing profiling are never in one.</summary>
    /// <exception cref="AudienceCompileException">The condition reads a computed trait <paramref name="definitions"/> does not define.</exception>
    public Task<IReadOnlyList<PersonId>> MembersAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var query = AudienceSql.Compile(condition, definitions, now, exceptRefusals: true);
        return ReadAsync<IReadOnlyList<PersonId>>(connection => ReadMembers(connection, workspace, query), cancellationToken);
    }

    private static List<PersonId> ReadMembers(DuckDB.NET.Data.DuckDBConnection connection, WorkspaceId workspace, AudienceQuery query)
    {
        // Person ids are sorted by their bytes, which for UTF-8 is code point order.
        using var command = AudienceCommand(connection, $"SELECT person_id FROM ({query.Sql}) ORDER BY person_id", workspace, query);
        using var reader = command.ExecuteReader();
        var members = new List<PersonId>();
        while (reader.Read())
        {
            members.Add(new PersonId(reader.GetString(0)));
        }

        return members;
    }

    private static DuckDB.NET.Data.DuckDBCommand AudienceCommand(DuckDB.NET.Data.DuckDBConnection connection, string sql, WorkspaceId workspace, AudienceQuery query)
    {
        // Texts without an offset that a before/after test reads as instants are UTC, as in Helix; the session's zone decides that in DuckDB.
        Execute(connection, "SET TimeZone = 'UTC'");
        return Command(connection, sql, [("ws", workspace.Value), .. query.Parameters]);
    }
}

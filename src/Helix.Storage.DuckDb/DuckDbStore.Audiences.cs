using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb;

/// <summary>Audience counts and membership over a whole workspace, from the conditions compiled to SQL (<see cref="AudienceSql"/>).</summary>
public sealed partial class DuckDbStore
{
    /// <summary>How many persons of <paramref name="workspace"/> are in the audience at <paramref name="now"/>, and the first <paramref name="sample"/> by id.</summary>
    /// <exception cref="AudienceCompileException">The condition reads a computed trait <paramref name="definitions"/> does not define.</exception>
    public Task<AudienceCount> CountAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, int sample, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        var query = AudienceSql.Compile(condition, definitions, now);
        return ReadAsync(connection =>
        {
            using var count = AudienceCommand(connection, $"SELECT count(*) FROM ({query.Sql})", workspace, query);
            var total = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            var members = sample == 0 ? [] : ReadMembers(connection, workspace, query, sample);
            return new AudienceCount(total, members);
        }, cancellationToken);
    }

    /// <summary>Every person of <paramref name="workspace"/> in the audience at <paramref name="now"/>, sorted by id (ordinally).</summary>
    /// <exception cref="AudienceCompileException">The condition reads a computed trait <paramref name="definitions"/> does not define.</exception>
    public Task<IReadOnlyList<PersonId>> MembersAsync(
        WorkspaceId workspace, Condition condition, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var query = AudienceSql.Compile(condition, definitions, now);
        return ReadAsync<IReadOnlyList<PersonId>>(connection => ReadMembers(connection, workspace, query, null), cancellationToken);
    }

    private static List<PersonId> ReadMembers(DuckDB.NET.Data.DuckDBConnection connection, WorkspaceId workspace, AudienceQuery query, int? limit)
    {
        // Person ids are sorted by their bytes, which for UTF-8 is code point order.
        var sql = $"SELECT person_id FROM ({query.Sql}) ORDER BY person_id" + (limit is null ? "" : " LIMIT $limit");
        using var command = AudienceCommand(connection, sql, workspace, query);
        if (limit is { } n)
        {
            command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("limit", n));
        }

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

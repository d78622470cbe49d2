using System.Text.Json;
using Helix.Core.Analytics;
using Helix.Core.Audiences;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb.Analytics;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb;

/// <summary>Trends, funnels, retention, distributions and paths, each one query over the workspace's events (see docs/analytics.md).</summary>
public sealed partial class DuckDbStore : IAnalyticsQueries
{
    public Task<TrendsResult> TrendsAsync(
        WorkspaceId workspace, TrendsQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = Segmented(() => TrendsSql.Compile(query, definitions, now));
        return ReadAsync(connection => TrendsSql.Result(query, AnalyticsRows(connection, sql, workspace, parameters, r => new TrendsSql.Row(
            r.IsDBNull(0) ? null : Convert.ToInt64(r.GetValue(0), Invariant), r.IsDBNull(1) ? null : r.GetString(1),
            r.GetInt64(2), r.GetInt64(3), r.IsDBNull(4) ? 0 : Convert.ToDecimal(r.GetValue(4), Invariant), r.GetInt64(5)))), cancellationToken);
    }

    public Task<FunnelResult> FunnelAsync(
        WorkspaceId workspace, FunnelQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (best, parameters) = Segmented(() => FunnelSql.Best(query, definitions, now));
        var sql = FunnelSql.Summary(parameters, query, best);
        var n = query.Steps.Count;
        return ReadAsync(connection => FunnelSql.Result(query, AnalyticsRows(connection, sql, workspace, parameters, r => new FunnelSql.Row(
            r.IsDBNull(0) ? null : r.GetString(0),
            [.. Enumerable.Range(1, n).Select(i => r.GetInt64(i))],
            [.. Enumerable.Range(n + 1, n - 1).Select(i => r.IsDBNull(i) ? (double?)null : r.GetDouble(i))]))), cancellationToken);
    }

    public Task<IReadOnlyList<PersonId>> FunnelDropOffAsync(
        WorkspaceId workspace, FunnelQuery query, FunnelDropOff dropOff, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (best, parameters) = Segmented(() => FunnelSql.Best(query, definitions, now));
        var sql = FunnelSql.DropOff(parameters, dropOff, best);
        return ReadAsync<IReadOnlyList<PersonId>>(connection => AnalyticsRows(connection, sql, workspace, parameters, r => new PersonId(r.GetString(0))), cancellationToken);
    }

    public Task<RetentionResult> RetentionAsync(
        WorkspaceId workspace, RetentionQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = Segmented(() => RetentionSql.Compile(query, definitions, now));
        return ReadAsync(connection => RetentionSql.Result(query, AnalyticsRows(connection, sql, workspace, parameters, r => new RetentionSql.Row(
            Convert.ToInt64(r.GetValue(0), Invariant), r.IsDBNull(1) ? null : r.GetString(1), Convert.ToInt32(r.GetValue(2), Invariant), r.GetInt64(3)))), cancellationToken);
    }

    public Task<DistributionResult> DistributionAsync(
        WorkspaceId workspace, DistributionQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = Segmented(() => DistributionSql.Compile(query, definitions, now));
        return ReadAsync(connection => DistributionSql.Result(query, AnalyticsRows(connection, sql, workspace, parameters, r => new DistributionSql.Row(
            r.IsDBNull(0) ? null : Convert.ToInt64(r.GetValue(0), Invariant), r.GetInt64(1),
            r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetString(5)))), cancellationToken);
    }

    public Task<PathsResult> PathsAsync(
        WorkspaceId workspace, PathsQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = Segmented(() => PathsSql.Compile(query, definitions, now));
        return ReadAsync(connection => PathsSankey.Build(
            AnalyticsRows(connection, sql, workspace, parameters, r => new RawPath(r.GetString(0), JsonSerializer.Deserialize<string[]>(r.GetString(1))!, r.GetInt64(2))),
            query.Steps, query.Limit), cancellationToken);
    }

    private static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>Compiles, turning a segment the definitions cannot evaluate into the error the API reports at <c>segment</c>.</summary>
    private static T Segmented<T>(Func<T> compile)
    {
        try
        {
            return compile();
        }
        catch (AudienceCompileException e)
        {
            throw new AudienceQueryException("segment", $"{e.Field}: {e.Reason}");
        }
    }

    private static List<T> AnalyticsRows<T>(
        DuckDB.NET.Data.DuckDBConnection connection, string sql, WorkspaceId workspace, AnalyticsSql parameters, Func<System.Data.Common.DbDataReader, T> map)
    {
        // The segment's compiled SQL reads texts without an offset as UTC, as its own queries do.
        Execute(connection, "SET TimeZone = 'UTC'");
        return ReadRows(connection, sql, map, [("ws", workspace.Value), .. parameters.Parameters.Values]);
    }
}

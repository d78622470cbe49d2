using Helix.Core.Analytics.Kpis;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb.Analytics;

namespace Helix.Storage.DuckDb;

/// <summary>The KPI set, one query over the workspace's events (see docs/analytics.md, "KPIs").</summary>
public sealed partial class DuckDbStore : IKpiQueries
{
    private const int KpiFixedColumns = 18;

    public Task<KpiResult> KpisAsync(
        WorkspaceId workspace, KpiQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = Segmented(() => KpiSql.Compile(query, definitions, now));
        return ReadAsync(connection => KpiSql.Result(query, AnalyticsRows(connection, sql, workspace, parameters, r => new KpiSql.Row(
            Convert.ToInt32(r.GetValue(0), Invariant), Long(r, 1), Long(r, 2), Convert.ToInt32(r.GetValue(3), Invariant), r.GetBoolean(4),
            Long(r, 5), Long(r, 6), Long(r, 7), Long(r, 8), Long(r, 9), Long(r, 10), Long(r, 11), Long(r, 12), Long(r, 13), Long(r, 14),
            Convert.ToDecimal(r.GetValue(15), Invariant), Long(r, 16), Long(r, 17),
            [.. Enumerable.Range(KpiFixedColumns, 2 * query.RetentionDays.Count).Select(i => Long(r, i))]))), cancellationToken);

        static long Long(System.Data.Common.DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), Invariant);
    }
}

using Helix.Core.Analytics.Experiments;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb.Analytics;

namespace Helix.Storage.DuckDb;

/// <summary>Experiments: per-arm, per-exposure-day moments in one query over the workspace's events (docs/experiments.md).</summary>
public sealed partial class DuckDbStore : IExperimentQueries
{
    public Task<ExperimentData> ExperimentAsync(
        WorkspaceId workspace, ExperimentQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = ExperimentSql.Compile(query, definitions, now);
        return ReadAsync(connection => ExperimentSql.Result(AnalyticsRows(connection, sql, workspace, parameters, r => new ExperimentSql.Row(
            r.IsDBNull(0) ? null : r.GetString(0),
            r.IsDBNull(1) ? null : Convert.ToInt64(r.GetValue(1), Invariant),
            Convert.ToInt64(r.GetValue(2), Invariant),
            Convert.ToInt64(r.GetValue(3), Invariant),
            Double(r, 4), Double(r, 5), Double(r, 6), Double(r, 7), Double(r, 8)))), cancellationToken);
    }

    private static double Double(System.Data.Common.DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Convert.ToDouble(reader.GetValue(i), Invariant);
}

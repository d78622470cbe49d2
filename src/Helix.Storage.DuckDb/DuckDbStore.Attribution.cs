using Helix.Core.Analytics.Attribution;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb.Analytics;

namespace Helix.Storage.DuckDb;

/// <summary>Attribution: the paths in one query over the workspace's events, the models in Core (see docs/attribution.md).</summary>
public sealed partial class DuckDbStore : IAttributionQueries
{
    public Task<AttributionResult> AttributionAsync(
        WorkspaceId workspace, AttributionQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = Segmented(() => AttributionSql.Compile(query, definitions, now));
        return ReadAsync(connection => AttributionSql.Result(query, AnalyticsRows(connection, sql, workspace, parameters, AttributionSql.Read)), cancellationToken);
    }
}

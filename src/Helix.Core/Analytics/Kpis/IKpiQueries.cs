using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Core.Analytics.Kpis;

/// <summary>The KPI set over a workspace's stored events; the segment and "today" are as they hold at <c>now</c>.</summary>
/// <remarks>Throws <see cref="Audiences.AudienceQueryException"/> when the segment cannot be evaluated.</remarks>
public interface IKpiQueries
{
    Task<KpiResult> KpisAsync(WorkspaceId workspace, KpiQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);
}

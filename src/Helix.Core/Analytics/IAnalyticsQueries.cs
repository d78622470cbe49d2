using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Core.Analytics;

/// <summary>
/// Analytics over a workspace's stored events. the definitions and now evaluate a
/// query's segment condition (computed traits, relative windows) as it holds now.
/// </summary>
/// <remarks>Throws <see cref="Audiences.AudienceQueryException"/> when the segment condition cannot be evaluated.</remarks>
public interface IAnalyticsQueries
{
    Task<TrendsResult> TrendsAsync(WorkspaceId workspace, TrendsQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<FunnelResult> FunnelAsync(WorkspaceId workspace, FunnelQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The persons <paramref name="dropOff"/> selects, sorted by id (ordinally), at most its limit.</summary>
    Task<IReadOnlyList<PersonId>> FunnelDropOffAsync(
        WorkspaceId workspace, FunnelQuery query, FunnelDropOff dropOff, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<RetentionResult> RetentionAsync(WorkspaceId workspace, RetentionQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<DistributionResult> DistributionAsync(WorkspaceId workspace, DistributionQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<PathsResult> PathsAsync(WorkspaceId workspace, PathsQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);
}

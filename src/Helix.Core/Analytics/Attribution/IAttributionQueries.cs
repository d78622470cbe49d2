using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Core.Analytics.Attribution;

/// <summary>Attribution over a workspace's stored events; the segment is evaluated as it holds at <c>now</c>.</summary>
/// <remarks>
/// Throws <see cref="Audiences.AudienceQueryException"/> when the segment cannot be evaluated, or (naming <c>models</c>)
/// when Markov or Shapley meet more channels than they take.
/// </remarks>
public interface IAttributionQueries
{
    Task<AttributionResult> AttributionAsync(WorkspaceId workspace, AttributionQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);
}

using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Core.Analytics.Experiments;

/// <summary>Reads an experiment's per-arm, per-exposure-day moments from a workspace's events; the statistics are <see cref="ExperimentAnalysis"/>'s.</summary>
/// <remarks>Throws <see cref="Audiences.AudienceQueryException"/> when an arm's segment cannot be evaluated.</remarks>
public interface IExperimentQueries
{
    Task<ExperimentData> ExperimentAsync(WorkspaceId workspace, ExperimentQuery query, ProfileDefinitions definitions, DateTimeOffset now, CancellationToken cancellationToken = default);
}

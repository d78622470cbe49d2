using Helix.Engine.Pipeline;

namespace Helix.Engine.Hosting;

/// <summary>
/// The owner of one log partition's pipeline. Orleans keeps exactly one activation per key across
/// a cluster, which is the single-writer guarantee the pipeline needs; today there is one partition.
/// </summary>
[Alias("Helix.IPipelineGrain")]
public interface IPipelineGrain : IGrainWithIntegerKey
{
    [Alias("Start")]
    Task StartAsync();

    [Alias("Status")]
    Task<PipelineStatus> GetStatusAsync();
}

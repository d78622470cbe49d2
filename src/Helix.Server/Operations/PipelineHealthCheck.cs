using Helix.Engine.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Helix.Server.Operations;

/// <summary>Ready once the silo runs the pipeline grain and the pipeline has not stopped on an error.</summary>
internal sealed class PipelineHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await grains.GetGrain<IPipelineGrain>(0).GetStatusAsync().WaitAsync(cancellationToken);
        return status.Running
            ? HealthCheckResult.Healthy("pipeline running")
            : HealthCheckResult.Unhealthy(status.Error ?? "pipeline not running");
    }
}

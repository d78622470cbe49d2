using Helix.Engine.Pipeline;
using Microsoft.Extensions.Hosting;

namespace Helix.Engine.Hosting;

/// <summary>On shutdown, applies what the log holds before the process exits, then closes the log.</summary>
internal sealed class EngineShutdown(PipelineRunner runner, EventLog.EventLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runner.DrainAndStopAsync(TimeSpan.FromSeconds(10));
        await log.DisposeAsync();
    }
}

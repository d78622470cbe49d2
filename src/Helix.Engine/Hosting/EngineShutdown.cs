using Helix.Engine.Pipeline;
using Microsoft.Extensions.Hosting;

namespace Helix.Engine.Hosting;

/// <summary>
/// On shutdown, applies what the log holds before the process exits (the container closes the log
/// afterwards). Resolving it at start also opens the log before the server accepts requests.
/// </summary>
internal sealed class EngineShutdown(PipelineRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runner.DrainAndStopAsync(TimeSpan.FromSeconds(10));
    }
}

using Helix.Engine.Pipeline;

namespace Helix.Engine.Hosting;

/// <summary>Thin host: starts the partition's runner and keeps the activation alive while the silo runs.</summary>
internal sealed class PipelineGrain(PipelineRunner runner) : Grain, IPipelineGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        runner.EnsureStarted();
        // The runner lives outside the grain scheduler; the timer only keeps this activation (and so
        // the partition's placement) from being collected as idle.
        this.RegisterGrainTimer(_ => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task StartAsync() => Task.CompletedTask;

    public Task<PipelineStatus> GetStatusAsync() => Task.FromResult(runner.Status());
}

using Helix.Core.Workspaces;

namespace Helix.Server.Workspaces;

/// <summary>Runs <see cref="Bootstrap"/> before the server accepts requests.</summary>
internal sealed class BootstrapService(IWorkspaceStore store, HelixServerOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await Bootstrap.RunAsync(store, options, cancellationToken) is { } result)
        {
            options.OnBootstrap?.Invoke(result);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

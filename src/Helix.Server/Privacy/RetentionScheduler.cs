using Helix.Core.Privacy.Retention;
using Helix.Engine.Retention;

namespace Helix.Server.Privacy;

/// <summary>Enforces every workspace's retention policies every <see cref="HelixServerOptions.RetentionInterval"/>, starting shortly after start.</summary>
public sealed partial class RetentionScheduler(RetentionJob job, IRetentionStore store, HelixServerOptions options, ILogger<RetentionScheduler> logger) : BackgroundService
{
    public const string Trigger = "schedule";

    /// <summary>Lets the pipeline load and catch up before the first run competes with it for the store.</summary>
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(Min(FirstRunDelay, options.RetentionInterval), options.TimeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var workspace in await store.RetainingWorkspacesAsync(stoppingToken))
                {
                    await job.RunAsync(workspace, Trigger, Trigger, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failing run must not end enforcement: the next tick tries again.
                LogRunFailed(logger, e);
            }

            await Task.Delay(options.RetentionInterval, options.TimeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduled retention run failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}

using Helix.Core.Models;
using Helix.Core.Profiles.Facts;

namespace Helix.Server.Tags;

/// <summary>
/// Starts each workspace's model refresh when its cron schedule (<c>settings.models.schedule</c>) falls due
/// (<see cref="ModelSettings.DueAt"/>), checking every <see cref="HelixServerOptions.ModelScheduleCheckInterval"/>.
/// </summary>
public sealed partial class ModelRefreshScheduler(
    ModelRunner runner, DefinitionsSubmission submission, IProfileFactsStore facts, IModelRunStore runs, HelixServerOptions options, ILogger<ModelRefreshScheduler> logger)
    : BackgroundService
{
    public const string RequestedBy = "schedule";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interrupted = await runs.InterruptModelRunsAsync(options.TimeProvider.GetUtcNow(), stoppingToken);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueRunsAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing check must not end scheduling for every workspace; the next tick tries again.
                LogCheckFailed(logger, e);
            }

            await Task.Delay(options.ModelScheduleCheckInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task StartDueRunsAsync(CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        foreach (var workspace in await facts.DefinedWorkspacesAsync(cancellationToken))
        {
            var definitions = await submission.CurrentAsync(workspace, cancellationToken);
            if (definitions.Models.Schedule is null)
            {
                continue;
            }

            var last = await runs.ListModelRunsAsync(workspace, 1, cancellationToken);
            var applied = (await facts.CurrentDefinitionsAsync(workspace, cancellationToken))?.RequestedAt ?? now;
            if (definitions.Models.DueAt(last.Count > 0 ? last[0].StartedAt : null, applied) is { } due && due <= now)
            {
                var (run, started) = await runner.StartAsync(workspace, ModelRunTrigger.Schedule, RequestedBy, cancellationToken);
                if (started)
                {
                    LogStarted(logger, run.Id, workspace.Value, due);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled model run {RunId} of workspace {Workspace} started (due {Due})")]
    private static partial void LogStarted(ILogger logger, string runId, string workspace, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} model runs were interrupted by the last stop")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking model schedules failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}

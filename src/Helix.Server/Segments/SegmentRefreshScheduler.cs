using Helix.Core.Audiences.Segments;
using Helix.Core.Profiles.Facts;
using Helix.Server.Tags;

namespace Helix.Server.Segments;

/// <summary>
/// Recomputes scheduled segments when their cron falls due, counted from each segment's last run (stored, not a
/// timer), so a recompute missed while Helix was down runs once at the next start. A segment never computed runs
/// at once. Segments run in reference order, so a segment that references another reads its fresh members.
/// </summary>
public sealed partial class SegmentRefreshScheduler(
    SegmentRecompute recompute, DefinitionsSubmission submission, IProfileFactsStore facts, ISegmentRunStore runs,
    HelixServerOptions options, ILogger<SegmentRefreshScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing check must not end scheduling for every workspace; the next tick tries again.
                LogCheckFailed(logger, e);
            }

            await Task.Delay(options.ModelScheduleCheckInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunDueAsync(CancellationToken cancellationToken)
    {
        foreach (var workspace in await facts.DefinedWorkspacesAsync(cancellationToken))
        {
            var definitions = await submission.CurrentAsync(workspace, cancellationToken);
            foreach (var segment in definitions.Plan.Ordered.Where(s => s.Mode == SegmentMode.Scheduled))
            {
                var last = await runs.ListSegmentRunsAsync(workspace, segment.Name, 1, cancellationToken);
                var due = last.Count == 0 ? DateTimeOffset.MinValue : segment.NextRun(last[0].StartedAt);
                if (due <= options.TimeProvider.GetUtcNow() && await recompute.RunAsync(workspace, segment, definitions, "schedule", cancellationToken) is { } run)
                {
                    LogRan(logger, segment.Name, workspace.Value, run.Status, run.Members ?? 0);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled segment {Segment} of workspace {Workspace} recomputed: {Status}, {Members} members")]
    private static partial void LogRan(ILogger logger, string segment, string workspace, string status, long members);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking segment schedules failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}

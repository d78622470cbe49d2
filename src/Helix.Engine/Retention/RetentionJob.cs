using Helix.Core.Privacy.Erasure;
using Helix.Core.Privacy.Retention;
using Helix.Core.Workspaces;
using Microsoft.Extensions.Logging;

namespace Helix.Engine.Retention;

/// <summary>
/// Enforces a workspace's retention policies: each expired event's log record becomes a tombstone, then its row
/// leaves the store. In that order, so a crash between the two leaves rows the next run finds and finishes
/// (redacting a tombstone again changes nothing), never a log record no run can find again. Runs one at a time.
/// </summary>
public sealed partial class RetentionJob(EventLog.EventLog log, IRetentionStore store, TimeProvider time, ILogger<RetentionJob> logger) : IDisposable
{
    /// <summary>Events handled per step: bounds the memory of one redaction and the length of one store write.</summary>
    public const int BatchSize = 10_000;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<RetentionRun> RunAsync(WorkspaceId workspace, string trigger, string requestedBy, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var startedAt = time.GetUtcNow();
            var settings = await store.GetRetentionAsync(workspace, cancellationToken);
            var results = new List<RetentionRunPolicy>(settings.Policies.Count);
            foreach (var policy in settings.Policies)
            {
                var cutoff = policy.Cutoff(startedAt);
                results.Add(new RetentionRunPolicy(policy.ToString(), policy.Days, cutoff, await ExpireAsync(workspace, policy, cutoff, cancellationToken)));
            }

            var run = new RetentionRun($"ret_{Guid.CreateVersion7():N}", workspace, trigger, requestedBy, startedAt, time.GetUtcNow(), results);
            await store.SaveRetentionRunAsync(run, cancellationToken);
            LogRun(workspace.Value, run.RunId, run.Removed);
            return run;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<long> ExpireAsync(WorkspaceId workspace, RetentionPolicy policy, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long removed = 0;
        while (true)
        {
            var positions = await store.ExpiredEventsAsync(workspace, policy, cutoff, BatchSize, cancellationToken);
            if (positions.Count == 0)
            {
                return removed;
            }

            log.Redact(positions, _ => ErasedRecord.Tombstone);
            removed += await store.DeleteEventsAsync(workspace, positions, cancellationToken);
            if (positions.Count < BatchSize)
            {
                return removed;
            }
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention run {RunId} of workspace {Workspace} removed {Removed} events")]
    private partial void LogRun(string workspace, string runId, long removed);
}

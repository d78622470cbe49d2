using Microsoft.Extensions.Logging;

namespace Helix.Engine.Pipeline;

/// <summary>
/// Runs an <see cref="EventPipeline"/> until stopped: applies batches while the log has records, waits
/// for the next append otherwise. A failed commit reloads the committed state and retries, so the
/// in-memory fold never runs ahead of the store; an undecodable record stops the pipeline (skipping
/// it would lose an acknowledged event) and the server reports not ready.
/// </summary>
public sealed partial class PipelineRunner(
    EventPipeline pipeline,
    EventLog.EventLog log,
    TimeProvider timeProvider,
    ILogger<PipelineRunner> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _startLock = new();
    private Task? _loop;
    private volatile string? _error;

    public EventPipeline Pipeline => pipeline;

    public bool IsRunning => _loop is { IsCompleted: false } && _error is null;

    public string? Error => _error;

    /// <summary>Starts the loop once; later calls do nothing.</summary>
    public void EnsureStarted()
    {
        lock (_startLock)
        {
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
    }

    public PipelineStatus Status() =>
        new(IsRunning, pipeline.Checkpoint, log.End.Value, pipeline.PersonCount, pipeline.DuplicatesDropped, _error);

    /// <summary>Applies everything appended so far, then stops. Used at shutdown so a restart has nothing to catch up.</summary>
    public async Task DrainAndStopAsync(TimeSpan timeout)
    {
        if (_loop is null)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        try
        {
            await pipeline.WaitForCheckpointAsync(log.End.Value, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            LogDrainTimedOut(pipeline.Checkpoint, log.End.Value);
        }

        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var retryDelay = TimeSpan.FromMilliseconds(100);
        var mustLoad = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (mustLoad)
                {
                    await pipeline.LoadAsync(cancellationToken);
                    mustLoad = false;
                }

                if (await pipeline.ProcessNextBatchAsync(cancellationToken) == 0)
                {
                    await pipeline.SweepAsync(timeProvider.GetUtcNow(), cancellationToken);
                    await WaitForRecordAsync(cancellationToken);
                }

                retryDelay = TimeSpan.FromMilliseconds(100);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (FormatException e)
            {
                _error = $"Record at log position {pipeline.Checkpoint} cannot be decoded: {e.Message}";
                LogStopped(e, pipeline.Checkpoint);
                return;
            }
            catch (InvalidDataException e)
            {
                // The store and the log disagree: retrying cannot help, and guessing could lose data.
                _error = e.Message;
                LogStopped(e, pipeline.Checkpoint);
                return;
            }
            catch (Exception e)
            {
                // The fold may have run ahead of the store: reload what was committed before retrying.
                LogBatchFailed(e, pipeline.Checkpoint, retryDelay);
                mustLoad = true;
                await Task.Delay(retryDelay, timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Waits for the next append, at most <see cref="SweepInterval"/>, so tags whose windows moved are swept within a second while the log is idle.</summary>
    private async Task WaitForRecordAsync(CancellationToken cancellationToken)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        tick.CancelAfter(SweepInterval);
        try
        {
            await log.WaitForRecordAsync(new EventLog.LogPosition(pipeline.Checkpoint), tick.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline batch at checkpoint {Checkpoint} failed; reloading committed state and retrying in {Delay}")]
    private partial void LogBatchFailed(Exception exception, long checkpoint, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Pipeline stopped at log position {Checkpoint}")]
    private partial void LogStopped(Exception exception, long checkpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown drain timed out at checkpoint {Checkpoint} of {LogEnd}; the rest is applied at the next start")]
    private partial void LogDrainTimedOut(long checkpoint, long logEnd);
}

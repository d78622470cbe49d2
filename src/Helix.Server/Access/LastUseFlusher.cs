using Helix.Core.Access;

namespace Helix.Server.Access;

/// <summary>
/// Writes the keys' last-used times noted by authentication once per interval and on shutdown. A failed write is
/// logged and retried with the next one; it never reaches a request.
/// </summary>
internal sealed partial class LastUseFlusher(LastUseBuffer buffer, IAccessStore store, TimeProvider time, ILogger<LastUseFlusher> logger) : BackgroundService
{
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var uses = buffer.Drain();
        try
        {
            await store.RecordApiKeyUsesAsync(uses, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            buffer.Restore(uses);
            LogFlushFailed(logger, uses.Count, e);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(buffer.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FlushAsync(stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of {Count} API keys; retrying with the next flush")]
    private static partial void LogFlushFailed(ILogger logger, int count, Exception exception);
}

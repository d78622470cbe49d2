using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.RateLimiting;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Workspaces;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// Each connection's <c>ratePerSecond</c>, shared by every connector and dispatcher thread of this server: a send over the
/// limit waits its turn (a token bucket, oldest first) for at most <see cref="MaxWait"/>, then is retried later.
/// </summary>
internal sealed class ConnectionRateLimits(TimeProvider time, TimeSpan maxWait)
{
    private readonly ConcurrentDictionary<(string Workspace, string Connection), (double Rate, TokenBucketRateLimiter Limiter)> _limiters = new();

    public ConnectionRateLimits(TimeProvider time)
        : this(time, TimeSpan.FromSeconds(30))
    {
    }

    public TimeSpan MaxWait => maxWait;

    /// <returns>True when the send may go now; false when it waited <see cref="MaxWait"/> (or the queue is full) and should be retried.</returns>
    public async Task<bool> WaitAsync(WorkspaceId workspace, JourneyConnection connection, CancellationToken cancellationToken)
    {
        if (Limiter(workspace, connection) is not { } limiter)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(maxWait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var lease = await limiter.AcquireAsync(1, linked.Token);
            return lease.IsAcquired;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The connection's limiter, or null when it sets no rate.</summary>
    internal TokenBucketRateLimiter? Limiter(WorkspaceId workspace, JourneyConnection connection)
    {
        if (!connection.Settings.TryGetProperty("ratePerSecond", out var r) || r.ValueKind != JsonValueKind.Number || r.GetDouble() is not (> 0 and var rate))
        {
            return null;
        }

        var key = (workspace.Value, connection.Name);
        var entry = _limiters.AddOrUpdate(key, _ => (rate, Create(rate)), (_, existing) => existing.Rate == rate ? existing : (rate, Create(rate)));
        return entry.Limiter;
    }

    private static TokenBucketRateLimiter Create(double rate)
    {
        // Below one a second, one token every 1/rate seconds; otherwise a second's worth of tokens each second.
        var (tokens, period) = rate >= 1 ? ((int)Math.Round(rate), TimeSpan.FromSeconds(1)) : (1, TimeSpan.FromSeconds(1 / rate));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}

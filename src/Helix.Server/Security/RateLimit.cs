using System.Threading.RateLimiting;

namespace Helix.Server.Security;

/// <summary>
/// A token bucket: up to <paramref name="Burst"/> requests at once, refilled by <paramref name="Permits"/>
/// every <paramref name="Period"/>. A request that finds the bucket empty is refused with 429, never queued.
/// </summary>
public sealed record RateLimit(int Burst, int Permits, TimeSpan Period)
{
    public static RateLimit PerSecond(int permits, int burst) => new(burst, permits, TimeSpan.FromSeconds(1));

    internal TokenBucketRateLimiterOptions ToOptions() => new()
    {
        TokenLimit = Burst,
        TokensPerPeriod = Permits,
        ReplenishmentPeriod = Period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

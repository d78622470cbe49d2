using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Helix.Core.Workspaces;
using Helix.Server.Auth;

namespace Helix.Server.Security;

/// <summary>
/// Request rates. Management requests (<c>/api/*</c>, health, OpenAPI) are limited by the rate-limiting
/// middleware per API key id, or per client IP when no valid key came. Collect endpoints opt out of the
/// middleware and limit per source themselves, once the write key (header or body) names the source;
/// requests whose write key is missing or unknown share a bucket per client IP. Partition keys are ids
/// and addresses, never secrets.
/// </summary>
internal sealed class RateLimits(HelixServerOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<SourceId> _sources = PartitionedRateLimiter.Create<SourceId, SourceId>(
        source => RateLimitPartition.GetTokenBucketLimiter(source, _ => options.CollectRateLimit.ToOptions()));

    private readonly PartitionedRateLimiter<IPAddress> _unknownKeys = PartitionedRateLimiter.Create<IPAddress, IPAddress>(
        address => RateLimitPartition.GetTokenBucketLimiter(address, _ => options.CollectRateLimit.ToOptions()));

    public static IServiceCollection AddHelixRateLimits(IServiceCollection services, HelixServerOptions options) =>
        services.AddSingleton<RateLimits>().AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value is { } keyId
                    ? RateLimitPartition.GetTokenBucketLimiter("key:" + keyId, _ => options.ManagementRateLimit.ToOptions())
                    : RateLimitPartition.GetTokenBucketLimiter("ip:" + Client(context), _ => options.ManagementRateLimit.ToOptions()));
            limiter.OnRejected = (rejected, _) => new ValueTask(TooManyRequests(rejected.Lease).ExecuteAsync(rejected.HttpContext));
        });

    /// <summary>Takes a permit for the source's request; null when granted, else the 429 to return.</summary>
    public IResult? Acquire(SourceId source)
    {
        using var lease = _sources.AttemptAcquire(source);
        return lease.IsAcquired ? null : TooManyRequests(lease);
    }

    /// <summary>Counts a request whose write key is missing or unknown; returns 429 once the client's IP has used its bucket.</summary>
    public IResult? AcquireUnknownKey(HttpContext context, int permits = 1)
    {
        using var lease = _unknownKeys.AttemptAcquire(context.Connection.RemoteIpAddress ?? IPAddress.None, permits);
        return lease.IsAcquired ? null : TooManyRequests(lease);
    }

    public void Dispose()
    {
        _sources.Dispose();
        _unknownKeys.Dispose();
    }

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RetryAfterResult TooManyRequests(RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        return new RetryAfterResult(retryAfter, Results.Problem(
            title: "Too many requests",
            detail: $"The rate limit for this key or source is used up; retry after {retryAfter} s.",
            statusCode: StatusCodes.Status429TooManyRequests));
    }

    /// <summary>A problem response with a <c>Retry-After</c> header in seconds.</summary>
    private sealed class RetryAfterResult(int seconds, IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }
}

using Helix.Server.Guide;
using Helix.Server.Security;
using Helix.Server.Workspaces;

namespace Helix.Server;

/// <summary>How a Helix server is started; the CLI fills it from flags and environment.</summary>
public sealed record HelixServerOptions
{
    /// <summary>Holds the event log (<c>log/</c>) and the embedded store (<c>helix.duckdb</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:8080</c>; several separated by ';'.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>The first start seeds a default workspace with this admin key when set (else one is generated and printed).</summary>
    public string? BootstrapAdminKey { get; init; }

    /// <summary>The first start seeds the default source with this write key when set (else one is generated and printed).</summary>
    public string? BootstrapWriteKey { get; init; }

    /// <summary>Orleans silo-to-silo port; 0 picks a free one (single-node default).</summary>
    public int SiloPort { get; init; }

    /// <summary>Orleans client gateway port; 0 picks a free one.</summary>
    public int GatewayPort { get; init; }

    public TimeSpan DedupeWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Write logs as JSON lines (for log shippers) instead of plain console text.</summary>
    public bool JsonLogs { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How often the scheduler checks whether a workspace's model refresh fell due.</summary>
    public TimeSpan ModelScheduleCheckInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest a journey round waits for new events before checking timers again (timers fire within about this of their due time).</summary>
    public TimeSpan JourneyRoundInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often retention policies are enforced (<c>/api/v1/privacy/retention</c>).</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>What the store guide's member card (<c>/api/v1/guide/members/…</c>) shows: tier, points, store and guide traits, tag categories, computed traits.</summary>
    public GuideOptions Guide { get; init; } = GuideOptions.Default;

    /// <summary>Requests a second per source on the collect endpoints (<c>/v1/*</c>); also the bucket per client IP for unknown write keys.</summary>
    public RateLimit CollectRateLimit { get; init; } = RateLimit.PerSecond(5_000, burst: 10_000);

    /// <summary>Requests a second per API key on the management API; also the bucket per client IP for requests without a valid key.</summary>
    public RateLimit ManagementRateLimit { get; init; } = RateLimit.PerSecond(100, burst: 200);

    /// <summary>The largest request body of any endpoint (collect endpoints have lower limits of their own: 32 KB a message, 500 KB a batch).</summary>
    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Receives the generated keys of a first start (the CLI prints them).</summary>
    public Action<BootstrapResult>? OnBootstrap { get; init; }
}

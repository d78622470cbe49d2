using Helix.Server.Journeys.Connectors;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>A connection's ratePerSecond: a send over it waits its turn (never fails at once), and is retried only after waiting too long.</summary>
public sealed class ConnectionRateLimitsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task OverTheRate_Waits_AndGivesUpOnlyAfterTheBound()
    {
        // One token every 1000 s: the bucket cannot refill during the test.
        var limits = new ConnectionRateLimits(_time, TimeSpan.FromSeconds(30));
        var connection = ConnectorWorld.Connection("sms", """{"ratePerSecond": 0.001}""");

        var first = await limits.WaitAsync(ConnectorWorld.Workspace, connection, CancellationToken.None);
        var second = limits.WaitAsync(ConnectorWorld.Workspace, connection, CancellationToken.None);
        var failedAtOnce = second.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(29));
        var failedBeforeTheBound = second.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(first);
        Assert.False(failedAtOnce);
        Assert.False(failedBeforeTheBound);
        Assert.False(await second);
    }

    [Fact]
    public async Task NoRate_NeverWaits_AndConnectionsHaveTheirOwnBuckets()
    {
        var limits = new ConnectionRateLimits(_time, TimeSpan.FromSeconds(30));
        var unlimited = ConnectorWorld.Connection("sms", "{}");
        var limited = ConnectorWorld.Connection("sms", """{"ratePerSecond": 1}""");
        var other = ConnectorWorld.Connection("push", """{"ratePerSecond": 1}""");

        var results = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await limits.WaitAsync(ConnectorWorld.Workspace, unlimited, CancellationToken.None));
        }

        results.Add(await limits.WaitAsync(ConnectorWorld.Workspace, limited, CancellationToken.None));
        results.Add(await limits.WaitAsync(ConnectorWorld.Workspace, other, CancellationToken.None));

        Assert.All(results, Assert.True);
        Assert.Null(limits.Limiter(ConnectorWorld.Workspace, unlimited));
    }
}

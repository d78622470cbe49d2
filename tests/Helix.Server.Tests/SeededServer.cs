using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests;

/// <summary>A <see cref="SharedServer"/> on a fake clock, seeded once with what the class's tests read.</summary>
public abstract class SeededServer(FakeTimeProvider time) : SharedServer
{
    public FakeTimeProvider Time { get; } = time;

    protected override async Task<HelixTestServer> StartAsync()
    {
        var server = await HelixTestServer.StartAsync(timeProvider: Time);
        await SeedAsync(server);
        return server;
    }

    protected abstract Task SeedAsync(HelixTestServer server);
}

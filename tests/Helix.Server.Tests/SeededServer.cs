using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests;

/// <summary>
/// One server for all the tests of a class (an xunit class fixture), seeded once: for classes whose tests only read
/// what the seed wrote, so the suite does not start a silo and resend the same events for every test case.
/// </summary>
public abstract class SeededServer(FakeTimeProvider time) : IAsyncLifetime
{
    public HelixTestServer Server { get; private set; } = null!;

    public FakeTimeProvider Time { get; } = time;

    public async Task InitializeAsync()
    {
        Server = await HelixTestServer.StartAsync(timeProvider: Time);
        await SeedAsync(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected abstract Task SeedAsync(HelixTestServer server);
}

namespace Helix.Server.Tests;

/// <summary>
/// One server for all the tests of a class (an xunit class fixture). Starting a silo, migrating a store and opening
/// the logs is most of what a server test costs, so a class whose tests each write their own users (or only read)
/// shares one; a test that changes what the others read (workspace settings, a restart) keeps a server of its own.
/// </summary>
public class SharedServer : IAsyncLifetime
{
    public HelixTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Starts the server; a derived fixture passes its clock or options, or seeds what its tests read.</summary>
    protected virtual Task<HelixTestServer> StartAsync() => HelixTestServer.StartAsync();
}

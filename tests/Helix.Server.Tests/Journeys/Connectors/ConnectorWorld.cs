using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Server.Journeys.Connectors;
using Helix.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>The connectors as the server registers them (<see cref="JourneyConnectorServices.AddJourneyConnectors"/>), and requests for them.</summary>
internal sealed class ConnectorWorld : IDisposable
{
    public static readonly WorkspaceId Workspace = new("ws_connectors");

    private readonly TempDirectory _keys = new("helix-connector-keys");
    private readonly ServiceProvider _services;

    public ConnectorWorld(TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddJourneyConnectors(Path.Combine(_keys.Path, "dp"));
        _services = services.BuildServiceProvider();
    }

    public IJourneyConnector Connector(string name) => _services.GetServices<IJourneyConnector>().Single(c => c.Name == name);

    public static JourneyConnection Connection(string connector, string settings, params (string Name, string Value)[] secrets)
    {
        using var document = JsonDocument.Parse(settings);
        return new JourneyConnection("conn_" + connector, connector, document.RootElement.Clone(), secrets.ToDictionary(s => s.Name, s => s.Value));
    }

    public static DeliveryProfile Profile(string traits, params (string Type, string Value)[] identifiers)
    {
        using var document = JsonDocument.Parse(traits);
        return new DeliveryProfile(new PersonId("p_1"), document.RootElement.Clone(),
            identifiers.GroupBy(i => i.Type).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(i => i.Value).ToList()));
    }

    public static DeliveryRequest Request(JourneyConnection connection, string parameters, DeliveryProfile profile, string key = "care:p_1:1:sms")
    {
        using var document = JsonDocument.Parse(parameters);
        var action = new JourneyAction(connection.Connector, null, document.RootElement.Clone());
        var delivery = new JourneyDelivery(Workspace, key, "care", 1, profile.Person, "send", action, DateTimeOffset.UnixEpoch, 1);
        return new DeliveryRequest(delivery, connection, profile);
    }

    /// <summary>A loopback URL nothing listens on (the port was just free): a connection there is refused.</summary>
    public static string RefusedUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/";
    }

    public void Dispose()
    {
        _services.Dispose();
        _keys.Dispose();
    }
}

using System.Text.Json;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>The SMS and push connectors against a local HTTP gateway: the templated JSON body, headers, and outcomes.</summary>
public sealed class GatewayConnectorTests : IAsyncLifetime
{
    private readonly ConnectorWorld _world = new();
    private StandIn _gateway = null!;

    public async Task InitializeAsync() => _gateway = await StandIn.StartAsync();

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _world.Dispose();
    }

    [Fact]
    public async Task Sms_PostsTheRenderedBody_ToThePhone_WithAuthorizationAndIdempotencyKey()
    {
        var profile = ConnectorWorld.Profile("""{"first_name": "王\", \"to\": \"+1999"}""", ("phone", "+8613800000001"));
        var request = ConnectorWorld.Request(Sms(), """{"connection": "gw", "template": "您好 {{ traits.first_name }}"}""", profile, key: "care:p_1:2:sms");

        var outcome = await _world.Connector("sms").DeliverAsync(request, CancellationToken.None);

        Assert.IsType<DeliveredOutcome>(outcome);
        var received = Assert.Single(_gateway.Requests);
        Assert.Equal(("/send", "Bearer gw-key", "care:p_1:2:sms", "brand"), (received.PathAndQuery, received.Headers["Authorization"], received.Headers["Idempotency-Key"], received.Headers["X-Account"]));
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("+8613800000001", body.RootElement.GetProperty("to").GetString());
        Assert.Equal("您好 王\", \"to\": \"+1999", body.RootElement.GetProperty("text").GetString());
        Assert.Equal(("SIGN", 1), (body.RootElement.GetProperty("sign").GetString(), body.RootElement.GetProperty("priority").GetInt32()));
    }

    [Fact]
    public async Task Push_RendersTitleBodyAndTheDataObject_ForTheUserId()
    {
        var connection = ConnectorWorld.Connection("push", $$$"""
            {"url": "{{{_gateway.Url("/push")}}}", "body": {"alias": "{{ to }}", "notification": {"title": "{{ title }}", "alert": "{{ body }}"}, "extras": "{{ data }}"}}
            """);
        var profile = ConnectorWorld.Profile("""{"tier": "gold"}""", ("user_id", "u_42"));
        var request = ConnectorWorld.Request(connection, """{"connection": "push", "title": "Hi", "body": "You are {{ traits.tier }}", "data": {"deeplink": "app://tier/{{ traits.tier }}", "n": 1}}""", profile);

        Assert.IsType<DeliveredOutcome>(await _world.Connector("push").DeliverAsync(request, CancellationToken.None));

        Assert.Equal(
            """{"alias":"u_42","notification":{"title":"Hi","alert":"You are gold"},"extras":{"deeplink":"app://tier/gold","n":1}}""",
            Assert.Single(_gateway.Requests).Body);
    }

    [Theory]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    public async Task GatewayStatus_MapsToRetryOrRefusal(int status, bool retryable)
    {
        _gateway.Respond = _ => (status, "{}");
        var request = ConnectorWorld.Request(Sms(), """{"connection": "gw", "template": "x"}""", ConnectorWorld.Profile("{}", ("phone", "+8613800000001")));

        var outcome = await _world.Connector("sms").DeliverAsync(request, CancellationToken.None);

        Assert.Equal(retryable, Assert.IsType<FailedOutcome>(outcome).Retryable);
    }

    [Fact]
    public async Task NoPhone_IsRefused_WithoutCallingTheGateway()
    {
        var request = ConnectorWorld.Request(Sms(), """{"connection": "gw", "template": "x"}""", ConnectorWorld.Profile("{}", ("email", "a@b.example")));

        var outcome = await _world.Connector("sms").DeliverAsync(request, CancellationToken.None);

        Assert.False(Assert.IsType<FailedOutcome>(outcome).Retryable);
        Assert.Empty(_gateway.Requests);
    }

    private JourneyConnection Sms() => ConnectorWorld.Connection("sms", $$$"""
        {"url": "{{{_gateway.Url("/send")}}}", "headers": {"X-Account": "brand"}, "body": {"to": "{{ to }}", "text": "{{ message }}", "sign": "SIGN", "priority": 1}}
        """, ("authorization", "Bearer gw-key"));
}

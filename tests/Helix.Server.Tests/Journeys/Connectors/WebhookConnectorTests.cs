using System.Text;
using System.Text.Json;
using Helix.Core.Audiences.Exports;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>The webhook connector against a local receiver: the signed payload, the idempotency key, and what each answer means.</summary>
public sealed class WebhookConnectorTests : IAsyncLifetime
{
    private const string Key = "whsec-0123456789-abcdef";
    private readonly ConnectorWorld _world = new();
    private StandIn _receiver = null!;

    public async Task InitializeAsync() => _receiver = await StandIn.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _world.Dispose();
    }

    [Fact]
    public async Task Delivered_SignedPayloadWithIdempotencyKey_AndValuesStayStrings()
    {
        var profile = ConnectorWorld.Profile("""{"first_name": "Zoë \"}, \"admin\": true, {\"", "tier": "gold"}""", ("email", "zoe@example.com"));
        var request = ConnectorWorld.Request(Connection(_receiver.Url("/in")), """{"connection": "hooks", "body": "Hi {{ traits.first_name }} ({{ traits.tier }})"}""", profile, key: "care:p_1:7:hook");

        var outcome = await _world.Connector("webhook").DeliverAsync(request, CancellationToken.None);

        Assert.IsType<DeliveredOutcome>(outcome);
        var received = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/in", "care:p_1:7:hook"), (received.Method, received.PathAndQuery, received.Headers["Idempotency-Key"]));
        Assert.True(WebhookSignature.Verify(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(received.Body), received.Headers[WebhookSignature.Header]));
        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.Equal(("care:p_1:7:hook", "care", "send", "p_1"), (root.GetProperty("key").GetString(), root.GetProperty("journey").GetString(), root.GetProperty("step").GetString(), root.GetProperty("person").GetString()));
        Assert.Equal("Hi Zoë \"}, \"admin\": true, {\" (gold)", root.GetProperty("body").GetString());
        Assert.Equal("gold", root.GetProperty("traits").GetProperty("tier").GetString());
        Assert.False(root.TryGetProperty("admin", out _));
    }

    [Fact]
    public async Task JsonBody_RendersEachString_AndKeepsOtherValues()
    {
        var profile = ConnectorWorld.Profile("""{"city": "上海"}""");
        var request = ConnectorWorld.Request(Connection(_receiver.Url("/in")), """{"connection": "hooks", "body": {"city": "{{ traits.city }}", "missing": "{{ traits.nope }}", "n": 3}}""", profile);

        Assert.IsType<DeliveredOutcome>(await _world.Connector("webhook").DeliverAsync(request, CancellationToken.None));

        using var body = JsonDocument.Parse(Assert.Single(_receiver.Requests).Body);
        var rendered = body.RootElement.GetProperty("body");
        Assert.Equal(("上海", "", 3), (rendered.GetProperty("city").GetString(), rendered.GetProperty("missing").GetString(), rendered.GetProperty("n").GetInt32()));
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    public async Task AFailedStatus_IsRetriedOnlyWhenItCanPass(int status, bool retryable)
    {
        _receiver.Respond = _ => (status, """{"error": "no"}""");
        var request = ConnectorWorld.Request(Connection(_receiver.Url("/in")), """{"connection": "hooks"}""", ConnectorWorld.Profile("{}"));

        var outcome = await _world.Connector("webhook").DeliverAsync(request, CancellationToken.None);

        Assert.Equal(retryable, Assert.IsType<FailedOutcome>(outcome).Retryable);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ((FailedOutcome)outcome).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionRefused_IsRetried()
    {
        var request = ConnectorWorld.Request(Connection(ConnectorWorld.RefusedUrl()), """{"connection": "hooks"}""", ConnectorWorld.Profile("{}"));

        var outcome = await _world.Connector("webhook").DeliverAsync(request, CancellationToken.None);

        Assert.True(Assert.IsType<FailedOutcome>(outcome).Retryable);
    }

    [Fact]
    public async Task BrokenTemplate_OrAnotherConnectorsConnection_IsRejected()
    {
        var broken = ConnectorWorld.Request(Connection(_receiver.Url("/in")), """{"connection": "hooks", "body": "{% if %}"}""", ConnectorWorld.Profile("{}"));
        var wrong = ConnectorWorld.Request(ConnectorWorld.Connection("sms", """{"url": "http://127.0.0.1/"}"""), """{"connection": "hooks"}""", ConnectorWorld.Profile("{}"));

        var outcomes = new[] { await _world.Connector("webhook").DeliverAsync(broken, CancellationToken.None), await _world.Connector("webhook").DeliverAsync(wrong, CancellationToken.None) };

        Assert.All(outcomes, o => Assert.False(Assert.IsType<FailedOutcome>(o).Retryable));
        Assert.Empty(_receiver.Requests);
    }

    private static JourneyConnection Connection(string url) => ConnectorWorld.Connection("webhook", $$"""{"url": "{{url}}"}""", ("signingKey", Key));
}

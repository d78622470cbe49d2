using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>The WeCom connector against a local stand-in for qyapi.weixin.qq.com: token, request shape, fail_list and errcodes.</summary>
public sealed class WeComConnectorTests : IAsyncLifetime
{
    private readonly ConnectorWorld _world = new();
    private StandIn _wecom = null!;
    private string _answer = """{"errcode": 0, "errmsg": "ok", "fail_list": [], "msgid": "msgABC"}""";

    public async Task InitializeAsync()
    {
        _wecom = await StandIn.StartAsync();
        _wecom.Respond = r => r.PathAndQuery == "/cgi-bin/gettoken?corpid=ww1&corpsecret=cs"
            ? (200, """{"errcode": 0, "errmsg": "ok", "access_token": "WT", "expires_in": 7200}""")
            : r.PathAndQuery == "/cgi-bin/externalcontact/add_msg_template?access_token=WT" ? (200, _answer) : (404, "{}");
    }

    public async Task DisposeAsync()
    {
        await _wecom.DisposeAsync();
        _world.Dispose();
    }

    [Fact]
    public async Task Delivered_SingleChatToTheExternalUser_WithTheRenderedText()
    {
        var outcome = await _world.Connector("wecom").DeliverAsync(Request(("wecom_external_userid", "ww1/wmEXT")), CancellationToken.None);

        Assert.Equal("msgABC", Assert.IsType<DeliveredOutcome>(outcome).ExternalId);
        var send = Assert.Single(_wecom.Requests, r => r.Method == "POST");
        using var body = System.Text.Json.JsonDocument.Parse(send.Body);
        var root = body.RootElement;
        Assert.Equal(("single", "wmEXT", "zhangsan"), (root.GetProperty("chat_type").GetString(), root.GetProperty("external_userid").EnumerateArray().Single().GetString(), root.GetProperty("sender").GetString()));
        Assert.Equal("你好 \"小明\"", root.GetProperty("text").GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("""{"errcode": 0, "errmsg": "ok", "fail_list": ["wmEXT"]}""", false)]
    [InlineData("""{"errcode": 41048, "errmsg": "no external contact"}""", false)]
    [InlineData("""{"errcode": -1, "errmsg": "system busy"}""", true)]
    public async Task FailListOrErrcode_MapsToRefusalOrRetry(string answer, bool retryable)
    {
        _answer = answer;

        var outcome = await _world.Connector("wecom").DeliverAsync(Request(("wecom_external_userid", "ww1/wmEXT")), CancellationToken.None);

        Assert.Equal(retryable, Assert.IsType<FailedOutcome>(outcome).Retryable);
    }

    [Fact]
    public async Task NoExternalUserIdForTheCorp_IsRefused()
    {
        var outcome = await _world.Connector("wecom").DeliverAsync(Request(("wecom_external_userid", "ww2/wmOTHER")), CancellationToken.None);

        Assert.False(Assert.IsType<FailedOutcome>(outcome).Retryable);
        Assert.Empty(_wecom.Requests);
    }

    private DeliveryRequest Request(params (string, string)[] identifiers) => ConnectorWorld.Request(
        ConnectorWorld.Connection("wecom", $$"""{"corpId": "ww1", "sender": "zhangsan", "baseUrl": "{{_wecom.BaseAddress}}"}""", ("corpSecret", "cs")),
        """{"connection": "wecom", "text": "你好 {{ traits.name }}"}""", ConnectorWorld.Profile("""{"name": "\"小明\""}""", identifiers));
}

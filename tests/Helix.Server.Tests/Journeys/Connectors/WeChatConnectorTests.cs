using System.Text.Json;
using Helix.Core.Journeys.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>
/// The WeChat connectors against a local stand-in for api.weixin.qq.com that checks the token and the request shape:
/// token caching and expiry, one refresh on an invalid token, and what each errcode means.
/// </summary>
public sealed class WeChatConnectorTests : IAsyncLifetime
{
    private const string TemplateAction = """
        {"connection": "oa", "templateId": "TPL_1", "url": "https://brand.example/o/{{ person_id }}",
         "miniProgram": {"appid": "wxmini", "pagepath": "pages/order?p={{ person_id }}"},
         "data": {"first": "Dear {{ traits.name }}", "amount": {"value": "{{ traits.spend }} 元"}}}
        """;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero));
    private readonly ConnectorWorld _world;
    private StandIn _wechat = null!;
    private int _tokens;
    private Func<string, string> _sendAnswer = _ => """{"errcode": 0, "errmsg": "ok", "msgid": 2001}""";

    public WeChatConnectorTests() => _world = new ConnectorWorld(_time);

    public async Task InitializeAsync()
    {
        _wechat = await StandIn.StartAsync();
        _wechat.Respond = r =>
        {
            if (r.PathAndQuery.StartsWith("/cgi-bin/token?", StringComparison.Ordinal))
            {
                var token = $"TOKEN_{Interlocked.Increment(ref _tokens)}";
                var valid = r.PathAndQuery == "/cgi-bin/token?grant_type=client_credential&appid=wx123&secret=s3cret";
                return (200, valid ? $$"""{"access_token": "{{token}}", "expires_in": 7200}""" : """{"errcode": 40125, "errmsg": "invalid appsecret"}""");
            }

            return (200, _sendAnswer(r.PathAndQuery));
        };
    }

    public async Task DisposeAsync()
    {
        await _wechat.DisposeAsync();
        _world.Dispose();
    }

    [Fact]
    public async Task Template_SendsTheDocumentedShape_ToTheAppsOpenId_AndCachesTheToken()
    {
        var profile = ConnectorWorld.Profile("""{"name": "Zoë \"x\"", "spend": 1280.5}""", ("wechat_openid", "wxother/o_OTHER"), ("wechat_openid", "wx123/o_MINE"));

        var first = await _world.Connector("wechat_template").DeliverAsync(ConnectorWorld.Request(Connection("wechat_template"), TemplateAction, profile, key: "k1"), CancellationToken.None);
        var second = await _world.Connector("wechat_template").DeliverAsync(ConnectorWorld.Request(Connection("wechat_template"), TemplateAction, profile, key: "k2"), CancellationToken.None);

        Assert.Equal("2001", Assert.IsType<DeliveredOutcome>(first).ExternalId);
        Assert.IsType<DeliveredOutcome>(second);
        Assert.Equal(1, _tokens);
        var sends = _wechat.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, sends.Count);
        Assert.All(sends, s => Assert.Equal("/cgi-bin/message/template/send?access_token=TOKEN_1", s.PathAndQuery));
        using var body = JsonDocument.Parse(sends[0].Body);
        var root = body.RootElement;
        Assert.Equal(("o_MINE", "TPL_1", "https://brand.example/o/p_1"), (root.GetProperty("touser").GetString(), root.GetProperty("template_id").GetString(), root.GetProperty("url").GetString()));
        Assert.Equal(("wxmini", "pages/order?p=p_1"), (root.GetProperty("miniprogram").GetProperty("appid").GetString(), root.GetProperty("miniprogram").GetProperty("pagepath").GetString()));
        Assert.Equal("Dear Zoë \"x\"", root.GetProperty("data").GetProperty("first").GetProperty("value").GetString());
        Assert.Equal("1280.5 元", root.GetProperty("data").GetProperty("amount").GetProperty("value").GetString());
        Assert.NotEqual(root.GetProperty("client_msg_id").GetString(), JsonDocument.Parse(sends[1].Body).RootElement.GetProperty("client_msg_id").GetString());
    }

    [Fact]
    public async Task Subscribe_PostsTouserTemplatePageAndData()
    {
        var request = ConnectorWorld.Request(Connection("wechat_subscribe"),
            """{"connection": "mini", "templateId": "SUB_9", "page": "pages/index?id={{ identifiers.member_id }}", "data": {"thing1": {"value": "Hi {{ traits.name }}"}}}""",
            ConnectorWorld.Profile("""{"name": "Li"}""", ("wechat_openid", "o_UNSCOPED"), ("member_id", "M7")));

        var outcome = await _world.Connector("wechat_subscribe").DeliverAsync(request, CancellationToken.None);

        Assert.IsType<DeliveredOutcome>(outcome);
        var send = Assert.Single(_wechat.Requests, r => r.Method == "POST");
        Assert.StartsWith("/cgi-bin/message/subscribe/send?access_token=", send.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("""{"touser":"o_UNSCOPED","template_id":"SUB_9","page":"pages/index?id=M7","data":{"thing1":{"value":"Hi Li"}}}""", send.Body);
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(42001)]
    public async Task InvalidToken_IsRefreshedOnce_AndTheSendRetried(int code)
    {
        _sendAnswer = path => path.EndsWith("TOKEN_1", StringComparison.Ordinal) ? $$"""{"errcode": {{code}}, "errmsg": "token"}""" : """{"errcode": 0, "errmsg": "ok"}""";

        var outcome = await _world.Connector("wechat_subscribe").DeliverAsync(SubscribeRequest(), CancellationToken.None);

        Assert.IsType<DeliveredOutcome>(outcome);
        Assert.Equal(2, _tokens);
        Assert.Equal(2, _wechat.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task TokenAlwaysInvalid_IsRetriedLater_AfterOneRefresh()
    {
        _sendAnswer = _ => """{"errcode": 40001, "errmsg": "invalid credential"}""";

        var outcome = await _world.Connector("wechat_subscribe").DeliverAsync(SubscribeRequest(), CancellationToken.None);

        Assert.True(Assert.IsType<FailedOutcome>(outcome).Retryable);
        Assert.Equal(2, _tokens);
    }

    [Fact]
    public async Task ExpiredToken_IsFetchedAgain()
    {
        await _world.Connector("wechat_subscribe").DeliverAsync(SubscribeRequest(), CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(2));

        await _world.Connector("wechat_subscribe").DeliverAsync(SubscribeRequest(), CancellationToken.None);

        Assert.Equal(2, _tokens);
        Assert.EndsWith("TOKEN_2", _wechat.Requests.Last().PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(43101, false)]
    [InlineData(40003, false)]
    [InlineData(-1, true)]
    [InlineData(45009, true)]
    public async Task AnErrcode_MapsToRetryOrRefusal(int code, bool retryable)
    {
        _sendAnswer = _ => $$"""{"errcode": {{code}}, "errmsg": "no"}""";

        var outcome = await _world.Connector("wechat_subscribe").DeliverAsync(SubscribeRequest(), CancellationToken.None);

        Assert.Equal(retryable, Assert.IsType<FailedOutcome>(outcome).Retryable);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ((FailedOutcome)outcome).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoOpenIdForTheApp_OrABadSecret_IsRefused()
    {
        var otherApp = ConnectorWorld.Request(Connection("wechat_subscribe"), """{"connection": "mini", "templateId": "T", "data": {}}""", ConnectorWorld.Profile("{}", ("wechat_openid", "wxother/o_X")));
        var badSecret = ConnectorWorld.Request(Connection("wechat_subscribe", secret: "wrong"), """{"connection": "mini", "templateId": "T", "data": {}}""", ConnectorWorld.Profile("{}", ("wechat_openid", "o_X")));

        var none = await _world.Connector("wechat_subscribe").DeliverAsync(otherApp, CancellationToken.None);
        var refused = await _world.Connector("wechat_subscribe").DeliverAsync(badSecret, CancellationToken.None);

        Assert.False(Assert.IsType<FailedOutcome>(none).Retryable);
        Assert.Contains("40125", Assert.IsType<FailedOutcome>(refused).Error, StringComparison.Ordinal);
        Assert.False(((FailedOutcome)refused).Retryable);
        Assert.DoesNotContain(_wechat.Requests, r => r.Method == "POST");
    }

    private DeliveryRequest SubscribeRequest() =>
        ConnectorWorld.Request(Connection("wechat_subscribe"), """{"connection": "mini", "templateId": "SUB_9", "data": {"thing1": "x"}}""", ConnectorWorld.Profile("{}", ("wechat_openid", "wx123/o_1")));

    private JourneyConnection Connection(string connector, string secret = "s3cret") =>
        ConnectorWorld.Connection(connector, $$"""{"appId": "wx123", "baseUrl": "{{_wechat.BaseAddress}}"}""", ("appSecret", secret));
}

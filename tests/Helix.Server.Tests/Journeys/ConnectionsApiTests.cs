using System.Net;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Journeys;

/// <summary>Journey connections through the real server: validation, secrets sealed at rest and never read back, roles and workspaces.</summary>
public sealed class ConnectionsApiTests(ConnectionsApiTests.World world) : IClassFixture<ConnectionsApiTests.World>
{
    private const string SigningKey = "whsec-0123456789-abcdef";
    private const string Webhook = $$$"""{"connector": "webhook", "settings": {"url": "https://hooks.example/helix"}, "secrets": {"signingKey": "{{{SigningKey}}}"}}""";

    private readonly HelixTestServer _server = world.Server;

    public sealed class World() : SeededServer(new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero)))
    {
        protected override Task SeedAsync(HelixTestServer server) => Task.CompletedTask;
    }

    [Fact]
    public async Task Put_ReturnsSettingsAndSecretNames_NeverTheSecret()
    {
        using var put = await _server.Admin.PutAsync("/api/v1/connections/hooks_read", HttpJson.Body(Webhook));
        using var get = await _server.Admin.GetAsync("/api/v1/connections/hooks_read");
        using var list = await _server.Admin.GetAsync("/api/v1/connections");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (put.StatusCode, get.StatusCode));
        var connection = await get.ReadJsonAsync();
        Assert.Equal("webhook", connection.GetProperty("connector").GetString());
        Assert.Equal("https://hooks.example/helix", connection.GetProperty("settings").GetProperty("url").GetString());
        Assert.Equal(["signingKey"], connection.GetProperty("secrets").EnumerateArray().Select(s => s.GetString()));
        foreach (var text in new[] { await put.Content.ReadAsStringAsync(), await get.Content.ReadAsStringAsync(), await list.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain(SigningKey, text, StringComparison.Ordinal);
        }

        Assert.Contains("hooks_read", (await list.ReadJsonAsync()).EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task StoredRow_HoldsNoPlaintextSecret_AndConnectionsOpenIt()
    {
        using var put = await _server.Admin.PutAsync("/api/v1/connections/hooks_sealed", HttpJson.Body(Webhook));
        put.EnsureSuccessStatusCode();
        var workspace = new WorkspaceId(Workspaces.Bootstrap.DefaultWorkspaceId);

        var stored = await _server.App.Services.GetRequiredService<IConnectionStore>().GetConnectionAsync(workspace, "hooks_sealed");
        var opened = await _server.App.Services.GetRequiredService<IJourneyConnections>().FindAsync(workspace, "hooks_sealed");

        Assert.NotNull(stored);
        Assert.DoesNotContain(SigningKey, stored.ProtectedSecrets + stored.Settings + string.Join(",", stored.SecretNames), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SigningKey)), stored.ProtectedSecrets, StringComparison.Ordinal);
        Assert.Equal(SigningKey, opened!.Secrets["signingKey"]);
        Assert.Equal("webhook", opened.Connector);
    }

    [Fact]
    public async Task SecretLeftOut_KeepsTheStoredOne()
    {
        using var first = await _server.Admin.PutAsync("/api/v1/connections/hooks_keep", HttpJson.Body(Webhook));
        first.EnsureSuccessStatusCode();

        using var second = await _server.Admin.PutAsync("/api/v1/connections/hooks_keep",
            HttpJson.Body("""{"connector": "webhook", "settings": {"url": "https://other.example/in", "ratePerSecond": 5}}"""));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var opened = await _server.App.Services.GetRequiredService<IJourneyConnections>().FindAsync(new WorkspaceId(Workspaces.Bootstrap.DefaultWorkspaceId), "hooks_keep");
        Assert.Equal((SigningKey, "https://other.example/in"), (opened!.Secrets["signingKey"], opened.Settings.GetProperty("url").GetString()));
    }

    [Theory]
    [InlineData("""{"connector": "email", "settings": {"port": 25, "from": "news@brand.example"}}""", "settings.host")]
    [InlineData("""{"connector": "email", "settings": {"host": "smtp.example", "port": 70000, "from": "news@brand.example"}}""", "settings.port")]
    [InlineData("""{"connector": "email", "settings": {"host": "smtp.example", "port": 25, "from": "not an address"}}""", "settings.from")]
    [InlineData("""{"connector": "email", "settings": {"host": "smtp.example", "port": 25, "from": "a@b.example", "username": "u"}}""", "secrets.password")]
    [InlineData("""{"connector": "wechat_template", "settings": {"appId": "wx1"}}""", "secrets.appSecret")]
    [InlineData("""{"connector": "wechat_template", "settings": {"appId": "wx1"}, "secrets": {"appSecret": "s", "token": "t"}}""", "secrets.token")]
    [InlineData("""{"connector": "sms", "settings": {"url": "https://sms.example/send", "body": {"to": "{{ to }}", "text": "{% if %}"}}}""", "settings.body")]
    [InlineData("""{"connector": "sms", "settings": {"url": "ftp://sms.example/send", "body": {"to": "{{ to }}"}}}""", "settings.url")]
    [InlineData("""{"connector": "push", "settings": {"url": "https://push.example", "body": {}, "colour": "red"}}""", "settings.colour")]
    [InlineData("""{"connector": "webhook", "settings": {"url": "https://h.example", "ratePerSecond": 0}, "secrets": {"signingKey": "0123456789abcdef"}}""", "settings.ratePerSecond")]
    [InlineData("""{"connector": "webhook", "settings": {"url": "https://h.example"}, "secrets": {"signingKey": "short"}}""", "secrets.signingKey")]
    [InlineData("""{"connector": "fax", "settings": {}}""", "connector")]
    public async Task BadConnection_Is400NamingTheField_AndNothingIsStored(string body, string field)
    {
        using var response = await _server.Admin.PutAsync("/api/v1/connections/bad_one", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Contains(field, errors);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync("/api/v1/connections/bad_one")).StatusCode);
    }

    [Fact]
    public async Task BadName_Is400()
    {
        using var response = await _server.Admin.PutAsync("/api/v1/connections/Bad-Name", HttpJson.Body(Webhook));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"name\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesIt_ThenIs404()
    {
        using var put = await _server.Admin.PutAsync("/api/v1/connections/hooks_gone", HttpJson.Body(Webhook));
        put.EnsureSuccessStatusCode();

        using var deleted = await _server.Admin.DeleteAsync("/api/v1/connections/hooks_gone");
        using var again = await _server.Admin.DeleteAsync("/api/v1/connections/hooks_gone");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted.StatusCode, again.StatusCode));
        Assert.Null(await _server.App.Services.GetRequiredService<IJourneyConnections>().FindAsync(new WorkspaceId(Workspaces.Bootstrap.DefaultWorkspaceId), "hooks_gone"));
    }

    [Fact]
    public async Task OtherWorkspace_NeitherSeesNorOpensIt()
    {
        using var put = await _server.Admin.PutAsync("/api/v1/connections/hooks_mine", HttpJson.Body(Webhook));
        put.EnsureSuccessStatusCode();
        using var other = await _server.OtherWorkspaceAdminAsync(new WorkspaceId("ws_connections_other"), "hxk_connections_other");

        using var get = await other.GetAsync("/api/v1/connections/hooks_mine");
        using var list = await other.GetAsync("/api/v1/connections");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty((await list.ReadJsonAsync()).EnumerateArray());
        Assert.Null(await _server.App.Services.GetRequiredService<IJourneyConnections>().FindAsync(new WorkspaceId("ws_connections_other"), "hooks_mine"));
    }

    [Fact]
    public async Task Marketer_ReadsButCannotWrite_AnalystCannotRead()
    {
        using var marketer = await _server.RoleClientAsync("marketer", "hxk_connections_marketer");
        using var analyst = await _server.RoleClientAsync("analyst", "hxk_connections_analyst");

        using var read = await marketer.GetAsync("/api/v1/connections");
        using var write = await marketer.PutAsync("/api/v1/connections/hooks_marketer", HttpJson.Body(Webhook));
        using var delete = await marketer.DeleteAsync("/api/v1/connections/hooks_marketer");
        using var analystRead = await analyst.GetAsync("/api/v1/connections");

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (read.StatusCode, write.StatusCode, delete.StatusCode, analystRead.StatusCode));
    }
}

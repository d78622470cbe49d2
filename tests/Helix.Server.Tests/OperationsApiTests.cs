using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Helix.Server.Tests;

public sealed class OperationsApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly HelixTestServer _server = shared.Server;

    [Fact]
    public async Task CreatedSource_WriteKeyWorksForCollect()
    {
        using var created = await _server.Admin.PostJsonAsync("/api/v1/sources", """{"name":"Tmall flagship store"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = await created.ReadJsonAsync();
        var writeKey = source.GetProperty("writeKey").GetString()!;
        using var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));

        using var response = await client.PostJsonAsync("/v1/track", """{"userId":"tmall-buyer","event":"Order Completed"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _server.FlushAsync();
        var page = await (await _server.Admin.GetAsync(
            "/api/v1/profiles/" + (await (await _server.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=tmall-buyer")).ReadJsonAsync()).GetProperty("personId").GetString() + "/events")).ReadJsonAsync();
        Assert.Equal(source.GetProperty("id").GetString(), page.GetProperty("events")[0].GetProperty("sourceId").GetString());
        var list = await (await _server.Admin.GetAsync("/api/v1/sources")).ReadJsonAsync();
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("name").GetString() == "Tmall flagship store");
        Assert.DoesNotContain("writeKey", list.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedSourcesKey_CannotGlueAVisitorToAMembersPhone()
    {
        using var created = await _server.Admin.PostJsonAsync("/api/v1/sources", """{"name":"Brand website"}""");
        var source = await created.ReadJsonAsync();
        Assert.Equal("untrusted", source.GetProperty("trust").GetString());
        using var browser = _server.NewClient();
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(source.GetProperty("writeKey").GetString() + ":")));
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"M-victim","traits":{"phone":"13700000001"}}""")).EnsureSuccessStatusCode();

        (await browser.PostJsonAsync("/v1/identify", """{"anonymousId":"attacker","traits":{"phone":"137 0000 0001"}}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        var byPhone = await (await _server.Admin.GetAsync("/api/v1/profiles/lookup?type=phone&value=13700000001")).ReadJsonAsync();
        var attacker = await (await _server.Admin.GetAsync("/api/v1/profiles/lookup?type=anonymous_id&value=attacker")).ReadJsonAsync();
        Assert.NotEqual(byPhone.GetProperty("personId").GetString(), attacker.GetProperty("personId").GetString());
        Assert.Equal(1, byPhone.GetProperty("eventCount").GetInt64());
    }

    [Fact]
    public async Task UnknownTrust_Returns400NamingTrust()
    {
        using var response = await _server.Admin.PostJsonAsync("/api/v1/sources", """{"name":"x","trust":"sort of"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("trust", (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"name":""}""")]
    [InlineData("""{}""")]
    [InlineData("""{"name":"bad\u0000name"}""")]
    public async Task SourceWithoutValidName_Returns400NamingName(string body)
    {
        using var response = await _server.Admin.PostJsonAsync("/api/v1/sources", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("name", (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Health_IsLiveAndReady()
    {
        using var live = await _server.Anonymous.GetAsync("/health/live");
        using var ready = await _server.Anonymous.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApis()
    {
        using var response = await _server.Anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.ReadJsonAsync()).GetProperty("paths");
        foreach (var path in new[] { "/v1/track", "/v1/batch", "/api/v1/sources", "/api/v1/profiles/lookup", "/api/v1/profiles/{personId}/events", "/api/v1/identity/quarantine", "/api/v1/guide/members/{identifier}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
        }
    }

    [Fact]
    public async Task Restart_KeepsEverythingAndDoesNotRecountRetries()
    {
        var directory = new Helix.Testing.TempDirectory("helix-restart");
        try
        {
            const string batch = """{"batch":[{"type":"identify","userId":"u-restart","traits":{"tier":"gold"},"messageId":"r1"},{"type":"track","userId":"u-restart","event":"E","messageId":"r2"}]}""";
            await using (var first = await HelixTestServer.StartAsync(directory.Path))
            {
                (await first.Collect.PostJsonAsync("/v1/batch", batch)).EnsureSuccessStatusCode();
            }

            await using var second = await HelixTestServer.StartAsync(directory.Path);
            (await second.Collect.PostJsonAsync("/v1/batch", batch)).EnsureSuccessStatusCode();
            await second.FlushAsync();

            var profile = await (await second.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=u-restart")).ReadJsonAsync();
            Assert.Equal(2, profile.GetProperty("eventCount").GetInt64());
            Assert.Equal("gold", profile.GetProperty("traits").GetProperty("tier").GetString());
        }
        finally
        {
            directory.Dispose();
        }
    }
}

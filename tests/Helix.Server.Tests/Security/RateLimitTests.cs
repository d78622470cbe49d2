using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Helix.Core.Workspaces;
using Helix.Server.Security;

namespace Helix.Server.Tests.Security;

public sealed class RateLimitTests : IAsyncLifetime
{
    private const int Burst = 3;
    private const string Event = """{"userId":"u-limit","event":"Product Viewed"}""";

    // An hour's period: no permit comes back while the test runs.
    private static readonly RateLimit Tiny = new(Burst, Burst, TimeSpan.FromHours(1));

    private HelixTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await HelixTestServer.StartAsync(configure: o => o with { CollectRateLimit = Tiny, ManagementRateLimit = Tiny });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ApiKeyOverLimit_Returns429ProblemWithRetryAfter_OtherKeyUnaffected()
    {
        using var other = await _server.OtherWorkspaceAdminAsync(new WorkspaceId("other-brand"), "hxk_other_limit");
        for (var i = 0; i < Burst; i++)
        {
            using var allowed = await _server.Admin.GetAsync("/api/v1/sources");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await _server.Admin.GetAsync("/api/v1/sources");
        using var otherKey = await other.GetAsync("/api/v1/sources");

        await AssertTooManyRequestsAsync(refused);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }

    [Fact]
    public async Task SourceOverLimit_Returns429_OtherSourceUnaffected()
    {
        var otherWriteKey = await CreateSourceAsync();
        for (var i = 0; i < Burst; i++)
        {
            using var allowed = await _server.Collect.PostJsonAsync("/v1/track", Event);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await _server.Collect.PostJsonAsync("/v1/batch", $$"""{"batch":[{{Event.Replace("}", ""","type":"track"}""", StringComparison.Ordinal)}}]}""");
        using var inBody = await _server.Anonymous.PostJsonAsync("/v1/track", Event.Replace("{", $$"""{"writeKey":"{{HelixTestServer.WriteKey}}",""", StringComparison.Ordinal));
        using var otherSource = await _server.Anonymous.PostJsonAsync("/v1/track", Event.Replace("{", $$"""{"writeKey":"{{otherWriteKey}}",""", StringComparison.Ordinal));

        await AssertTooManyRequestsAsync(refused);
        await AssertTooManyRequestsAsync(inBody);
        Assert.Equal(HttpStatusCode.OK, otherSource.StatusCode);
    }

    [Fact]
    public async Task UnknownWriteKeys_AreLimitedPerClient()
    {
        using var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("hxw_unknown:")));
        for (var i = 0; i < Burst; i++)
        {
            using var unauthorized = await client.PostJsonAsync("/v1/track", Event);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using var refused = await client.PostJsonAsync("/v1/track", Event);
        using var known = await _server.Collect.PostJsonAsync("/v1/track", Event);

        await AssertTooManyRequestsAsync(refused);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    private async Task<string> CreateSourceAsync()
    {
        using var created = await _server.Admin.PostJsonAsync("/api/v1/sources", """{"name":"Mini program"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("writeKey").GetString()!;
    }

    private static async Task AssertTooManyRequestsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(30), $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Equal(429, (await response.ReadJsonAsync()).GetProperty("status").GetInt32());
    }
}

using System.Net;
using System.Net.Http.Headers;

namespace Helix.Server.Tests.Access;

/// <summary>A store-scoped guide key sees members bound to its store, and nothing else: others are 404, as nobody is.</summary>
public sealed class GuideStoreScopeTests : IAsyncLifetime
{
    private HelixTestServer _server = null!;
    private HttpClient _guide = null!;

    public async Task InitializeAsync()
    {
        _server = await HelixTestServer.StartAsync();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"u-sh","traits":{"name":"张三","home_store":"SH-001"}}""")).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"u-bj","traits":{"name":"李四","store_id":"BJ-002"}}""")).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"u-none","traits":{"name":"王五"}}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();
        using var issued = await _server.Admin.PostAsync("/api/v1/access/keys", HttpJson.Body("""{"name": "SH-001 counter", "role": "guide", "store": "SH-001"}"""));
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        _guide = _server.NewClient();
        _guide.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.ReadJsonAsync()).GetProperty("key").GetString());
    }

    public async Task DisposeAsync()
    {
        _guide.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task MemberOfTheKeysStore_IsShown()
    {
        using var response = await _guide.GetAsync("/api/v1/guide/members/u-sh?type=user_id");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SH-001", (await response.ReadJsonAsync()).GetProperty("store").GetString());
    }

    [Fact]
    public async Task MembersOfAnotherStoreOrNone_Are404LikeNobody()
    {
        var bodies = new List<string>();
        foreach (var user in new[] { "u-bj", "u-none", "u-nobody" })
        {
            using var response = await _guide.GetAsync($"/api/v1/guide/members/{user}?type=user_id");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.ReadJsonAsync();
            bodies.Add(problem.GetProperty("title").GetString() + "|" + problem.GetProperty("detail").GetString());
        }

        Assert.Single(bodies.Distinct());
        using var admin = await _server.Admin.GetAsync("/api/v1/guide/members/u-bj?type=user_id");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task StoreKey_CannotReadProfilesOrManageAccess()
    {
        using var access = await _guide.GetAsync("/api/v1/access/keys");
        using var audit = await _guide.GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.Forbidden, access.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
    }
}

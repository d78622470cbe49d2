using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Workspaces;
using Helix.Server.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests;

/// <summary>Computed traits and tags end to end: definitions through the API and the log, events through the collect API, profiles read back.</summary>
public sealed class TagsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private HelixTestServer _server = null!;

    private const string Definitions = """
        {
          "computedTraits": [
            {"name": "orders_90d", "function": "count", "event": "Order Completed", "window": "90d"},
            {"name": "spend_total", "function": "sum", "event": "Order Completed", "of": "properties.total"},
            {"name": "favourite_category", "function": "mostFrequent", "event": "Order Completed", "of": "properties.products[].category"}
          ],
          "categories": [
            {"name": "value", "description": "Spend and loyalty", "owner": "crm"},
            {"name": "lists", "description": "Imported lists"}
          ],
          "tags": [
            {"name": "recent_buyer", "kind": "rule", "category": "value", "when": {"computed": "orders_90d", "op": "gte", "value": 1}},
            {"name": "repeat_buyer", "kind": "rule", "category": "value", "when": {"computed": "orders_90d", "op": "gte", "value": 2}},
            {"name": "spend_tier", "kind": "value", "category": "value", "of": {"computed": "spend_total"},
             "buckets": [{"value": "high", "min": 500}, {"value": "mid", "min": 100}, {"value": "low", "min": 0}]},
            {"name": "snack_lover", "kind": "rule", "category": "value",
             "when": {"all": [{"computed": "favourite_category", "op": "eq", "value": "snacks"}, {"tag": "recent_buyer"}]}},
            {"name": "vip_list", "kind": "list", "category": "lists", "identifierType": "phone"}
          ]
        }
        """;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync(timeProvider: _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EventsAfterDefinitions_UpdateComputedTraitsAndTags_WithHistory()
    {
        await PutDefinitionsAsync(Definitions);

        await SendOrdersAsync("u1", (120, "snacks"), (450, "snacks"), (30, "drinks"));
        await SendOrdersAsync("u2", (40, "drinks"));

        var u1 = await ProfileAsync("u1");
        Assert.Equal(3, u1.GetProperty("computedTraits").GetProperty("orders_90d").GetInt32());
        Assert.Equal(600m, u1.GetProperty("computedTraits").GetProperty("spend_total").GetDecimal());
        Assert.Equal("snacks", u1.GetProperty("computedTraits").GetProperty("favourite_category").GetString());
        Assert.Equal(["recent_buyer", "repeat_buyer", "snack_lover", "spend_tier"], TagNames(u1));
        Assert.Equal("high", u1.GetProperty("tags").GetProperty("spend_tier").GetProperty("value").GetString());
        var u2 = await ProfileAsync("u2");
        Assert.Equal(["recent_buyer", "spend_tier"], TagNames(u2));
        Assert.Equal("low", u2.GetProperty("tags").GetProperty("spend_tier").GetProperty("value").GetString());

        var history = await GetJsonAsync($"/api/v1/profiles/{u1.GetProperty("personId").GetString()}/tag-history");
        var spendTier = history.EnumerateArray().Where(h => h.GetProperty("tag").GetString() == "spend_tier").ToList();
        Assert.Equal(["changed", "gained"], spendTier.Select(h => h.GetProperty("change").GetString()));
        Assert.Equal(("mid", "high"), (spendTier[0].GetProperty("oldValue").GetString(), spendTier[0].GetProperty("newValue").GetString()));
        Assert.StartsWith("event ", spendTier[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefinitionsAfterEvents_BuildComputedTraitsFromHistory()
    {
        await SendOrdersAsync("u1", (120, "snacks"), (450, "snacks"));

        await PutDefinitionsAsync(Definitions);

        var u1 = await ProfileAsync("u1");
        Assert.Equal(2, u1.GetProperty("computedTraits").GetProperty("orders_90d").GetInt32());
        Assert.Equal(["recent_buyer", "repeat_buyer", "snack_lover", "spend_tier"], TagNames(u1));
        var history = await GetJsonAsync($"/api/v1/profiles/{u1.GetProperty("personId").GetString()}/tag-history");
        Assert.All(history.EnumerateArray(), h => Assert.Equal("definitions v1", h.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task WindowedTrait_ExpiresWithTheClock()
    {
        await PutDefinitionsAsync(Definitions);
        await SendOrdersAsync("u1", (120, "snacks"));

        _time.Advance(TimeSpan.FromDays(89));
        Assert.Equal(1, (await ProfileAsync("u1")).GetProperty("computedTraits").GetProperty("orders_90d").GetInt32());
        _time.Advance(TimeSpan.FromDays(1));
        var later = await ProfileAsync("u1");

        Assert.Equal(0, later.GetProperty("computedTraits").GetProperty("orders_90d").GetInt32());
        Assert.Equal(120m, later.GetProperty("computedTraits").GetProperty("spend_total").GetDecimal());
    }

    [Fact]
    public async Task Merge_CombinesBothPersonsComputedTraits()
    {
        await PutDefinitionsAsync(Definitions);
        await SendOrdersAsync("u1", (120, "snacks"));
        await SendAsync(new JsonObject { ["type"] = "track", ["anonymousId"] = "cookie-9", ["event"] = "Order Completed", ["timestamp"] = Now.ToString("O"),
            ["properties"] = new JsonObject { ["total"] = 80 } });

        await SendAsync(new JsonObject { ["type"] = "identify", ["userId"] = "u1", ["anonymousId"] = "cookie-9", ["timestamp"] = Now.ToString("O") });

        var u1 = await ProfileAsync("u1");
        Assert.Equal(2, u1.GetProperty("computedTraits").GetProperty("orders_90d").GetInt32());
        Assert.Equal(200m, u1.GetProperty("computedTraits").GetProperty("spend_total").GetDecimal());
        Assert.Contains("repeat_buyer", TagNames(u1));
    }

    [Fact]
    public async Task InvalidDefinitions_Return400NamingTheField_AndChangeNothing()
    {
        using var response = await _server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body("""
            {"computedTraits": [{"name": "orders_90d", "function": "count", "event": "Order Completed", "window": "90 days"}],
             "categories": [], "tags": [{"name": "x", "kind": "rule", "category": "nope", "when": {"computed": "missing", "op": "gte", "value": 1}}]}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("computedTraits[0].window", fields);
        Assert.Contains(fields, f => f!.StartsWith("tags[0]", StringComparison.Ordinal));
        Assert.Equal(0, (await GetJsonAsync("/api/v1/profile-definitions")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Yaml_RoundTripsThroughTheApi()
    {
        await PutDefinitionsAsync(Definitions);
        using var yaml = await _server.Admin.GetAsync("/api/v1/profile-definitions?format=yaml");
        var text = await yaml.Content.ReadAsStringAsync();

        using var put = await _server.Admin.PutAsync("/api/v1/profile-definitions", new StringContent(text, Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var versions = await GetJsonAsync("/api/v1/profile-definitions/versions");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(5, (await GetJsonAsync("/api/v1/tags")).GetProperty("tags").GetArrayLength());
    }

    [Fact]
    public async Task ListTag_FollowsItsMembers_AndRefusesAnInvalidListWhole()
    {
        await PutDefinitionsAsync(Definitions);
        await SendAsync(new JsonObject { ["type"] = "identify", ["userId"] = "u7", ["traits"] = new JsonObject { ["phone"] = "13800138000" }, ["timestamp"] = Now.ToString("O") });

        using var bad = await _server.Admin.PostJsonAsync("/api/v1/tags/vip_list/members", """{"identifierType": "phone", "values": ["13800138000", "not a phone"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("values[1]", (await bad.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.DoesNotContain("vip_list", TagNames(await ProfileAsync("u7")));

        using var good = await _server.Admin.PostJsonAsync("/api/v1/tags/vip_list/members", """{"identifierType": "phone", "values": ["+86 138 0013 8000"]}""");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("vip_list", TagNames(await ProfileAsync("u7")));
        Assert.Equal(1, (await GetJsonAsync("/api/v1/tags/vip_list")).GetProperty("persons").GetInt64());
    }

    [Fact]
    public async Task DeletingATagOthersRead_Is409_AndUnusedTagsGo()
    {
        await PutDefinitionsAsync(Definitions);

        using var used = await _server.Admin.DeleteAsync("/api/v1/tags/recent_buyer");
        using var unused = await _server.Admin.DeleteAsync("/api/v1/tags/snack_lover");
        using var trait = await _server.Admin.DeleteAsync("/api/v1/computed-traits/orders_90d");

        Assert.Equal(HttpStatusCode.Conflict, used.StatusCode);
        Assert.Contains("snack_lover", (await used.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, unused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, trait.StatusCode);
        var tags = (await GetJsonAsync("/api/v1/tags")).GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("snack_lover", tags);
        Assert.Contains("recent_buyer", tags);
    }

    [Fact]
    public async Task NetSpend_FallsWhenAnOrderIsRefunded()
    {
        await PutDefinitionsAsync("""
            {"computedTraits": [{"name": "net_spend", "function": "sum", "event": "Order Completed", "subtract": {"event": "Order Refunded"}, "of": "properties.total"}],
             "categories": [{"name": "value"}],
             "tags": [{"name": "big_spender", "kind": "rule", "category": "value", "when": {"computed": "net_spend", "op": "gte", "value": 500}}]}
            """);
        await SendOrdersAsync("u1", (450, "snacks"), (120, "drinks"));
        Assert.Contains("big_spender", TagNames(await ProfileAsync("u1")));

        await SendAsync(new JsonObject
        {
            ["type"] = "track", ["userId"] = "u1", ["event"] = "Order Refunded", ["timestamp"] = Now.ToString("O"),
            ["properties"] = new JsonObject { ["total"] = 120 },
        });

        var u1 = await ProfileAsync("u1");
        Assert.Equal(450m, u1.GetProperty("computedTraits").GetProperty("net_spend").GetDecimal());
        Assert.DoesNotContain("big_spender", TagNames(u1));
    }

    [Theory]
    [InlineData("/api/v1/profile-definitions", """{"categories": [{"name": "a"}], "tags": [{"name": "t", "kind": "rule", "category": "a", "when": {"trait": "\ud800", "op": "eq", "value": "x"}}]}""")]
    [InlineData("/api/v1/profile-definitions", """{"computedTraits": [{"name": "x", "function": "count", "event": "\ud800"}]}""")]
    [InlineData("/api/v1/tags/t", """{"kind": "rule", "category": "value", "when": {"trait": "city", "op": "eq", "value": "\udc00"}}""")]
    public async Task TextThatIsNotUnicode_IsA400NamingWhere(string path, string body)
    {
        await PutDefinitionsAsync(Definitions);

        using var response = await _server.Admin.PutAsync(path, HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid Unicode", (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithApproval_ATagWaitsForASecondKey()
    {
        await PutDefinitionsAsync(Definitions.Replace("\"computedTraits\"", "\"settings\": {\"requireApproval\": true}, \"computedTraits\"", StringComparison.Ordinal));
        await SendOrdersAsync("u1", (700, "snacks"));

        using var put = await _server.Admin.PutAsync("/api/v1/tags/big_spender", HttpJson.Body("""
            {"kind": "rule", "category": "value", "description": "Spent 500+", "when": {"computed": "spend_total", "op": "gte", "value": 500}}
            """));
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        var proposal = (await put.ReadJsonAsync()).GetProperty("proposalId").GetString();
        Assert.DoesNotContain("big_spender", TagNames(await ProfileAsync("u1")));

        using var self = await _server.Admin.PostAsync($"/api/v1/tags/proposals/{proposal}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);

        using var reviewer = await ReviewerAsync();
        using var approved = await reviewer.PostAsync($"/api/v1/tags/proposals/{proposal}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("approved", (await approved.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Contains("big_spender", TagNames(await ProfileAsync("u1")));
        using var again = await reviewer.PostAsync($"/api/v1/tags/proposals/{proposal}/reject", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Restart_KeepsTagsAndComputedStates_AndCountingGoesOn()
    {
        using var directory = new Helix.Testing.TempDirectory("helix-tags-restart");
        await using (var first = await HelixTestServer.StartAsync(directory.Path, _time))
        {
            using var put = await first.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(Definitions));
            put.EnsureSuccessStatusCode();
            (await first.Collect.PostJsonAsync("/v1/batch", OrderBatch("u1", 120))).EnsureSuccessStatusCode();
            await first.FlushAsync();
        }

        await using var second = await HelixTestServer.StartAsync(directory.Path, _time);
        (await second.Collect.PostJsonAsync("/v1/batch", OrderBatch("u1", 450))).EnsureSuccessStatusCode();
        await second.FlushAsync();

        using var response = await second.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=u1");
        var u1 = await response.ReadJsonAsync();
        Assert.Equal(2, u1.GetProperty("computedTraits").GetProperty("orders_90d").GetInt32());
        Assert.Equal(570m, u1.GetProperty("computedTraits").GetProperty("spend_total").GetDecimal());
        Assert.Equal(["recent_buyer", "repeat_buyer", "snack_lover", "spend_tier"], TagNames(u1));
    }

    private static string OrderBatch(string user, int total) => new JsonObject
    {
        ["batch"] = new JsonArray(new JsonObject
        {
            ["type"] = "track", ["userId"] = user, ["event"] = "Order Completed", ["timestamp"] = Now.ToString("O"),
            ["properties"] = new JsonObject { ["total"] = total, ["products"] = new JsonArray(new JsonObject { ["category"] = "snacks" }) },
        }),
    }.ToJsonString();

    private async Task<HttpClient> ReviewerAsync()
    {
        const string key = "hxk_test_reviewer";
        var store = _server.App.Services.GetRequiredService<IWorkspaceStore>();
        await store.CreateApiKeyAsync(new WorkspaceId(Bootstrap.DefaultWorkspaceId), "reviewer", "admin", SecretKeys.Hash(key), Now);
        var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task PutDefinitionsAsync(string json)
    {
        using var response = await _server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(json));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task SendOrdersAsync(string user, params (int Total, string Category)[] orders)
    {
        foreach (var (total, category) in orders)
        {
            await SendAsync(new JsonObject
            {
                ["type"] = "track", ["userId"] = user, ["event"] = "Order Completed", ["timestamp"] = Now.ToString("O"),
                ["properties"] = new JsonObject { ["total"] = total, ["products"] = new JsonArray(new JsonObject { ["category"] = category }) },
            });
        }
    }

    private async Task SendAsync(JsonObject message)
    {
        (await _server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = new JsonArray(message) }.ToJsonString())).EnsureSuccessStatusCode();
        await _server.FlushAsync();
    }

    private async Task<JsonElement> ProfileAsync(string user) => await GetJsonAsync($"/api/v1/profiles/lookup?type=user_id&value={user}");

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _server.Admin.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    private static List<string> TagNames(JsonElement profile) =>
        [.. profile.GetProperty("tags").EnumerateObject().Select(t => t.Name).Order(StringComparer.Ordinal)];
}

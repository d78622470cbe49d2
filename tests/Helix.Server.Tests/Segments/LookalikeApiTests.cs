using System.Net;
using System.Text.Json.Nodes;

namespace Helix.Server.Tests.Segments;

/// <summary>A lookalike from a seed segment through the API, saved as a static segment.</summary>
public sealed class LookalikeApiTests(LookalikeApiTests.World world) : IClassFixture<LookalikeApiTests.World>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly HelixTestServer _server = world.Server;

    /// <summary>The population every test reads; lookalikes add segments, never persons.</summary>
    public sealed class World : SharedServer
    {
        protected override async Task<HelixTestServer> StartAsync()
        {
            var server = await HelixTestServer.StartAsync();
            await SeedAsync(server);
            return server;
        }
    }

    private static async Task SeedAsync(HelixTestServer server)
    {
        using var response = await server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body("""
            {"computedTraits": [{"name": "views_30d", "function": "count", "event": "Product Viewed", "window": "30d"}], "categories": [], "tags": []}
            """));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        // 60 buyers who view a lot in 上海, 60 look-alikes who view a lot in 上海 but have not bought, 120 others.
        var random = new Random(7);
        var messages = new List<JsonObject>();
        for (var i = 0; i < 240; i++)
        {
            var user = $"u{i:D3}";
            var alike = i < 120;
            messages.Add(SegmentTestServer.Identify(user, Now, new JsonObject { ["city"] = alike ? "上海" : random.Next(2) == 0 ? "北京" : "广州" }));
            for (var v = alike ? 5 + random.Next(4) : random.Next(2); v > 0; v--)
            {
                messages.Add(SegmentTestServer.Track(user, "Product Viewed", Now.AddHours(-v)));
            }

            if (i < 60)
            {
                messages.Add(SegmentTestServer.Track(user, "Order Completed", Now));
            }
        }

        await server.SendAsync([.. messages]);
        await server.PutSegmentAsync("buyers", """{"when": "did(\"Order Completed\")"}""");
    }

    [Fact]
    public async Task Lookalike_RanksTheSeedsLookalikesFirst_AndSavesThemAsAStaticSegment()
    {
        using var response = await _server.Admin.PostAsync("/api/v1/segments/buyers/lookalike", HttpJson.Body("""{"size": 50, "save": "buyers_lookalike"}"""));
        var result = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, result.ToString());

        Assert.Equal((60, 180, 50), (result.GetProperty("seedPersons").GetInt32(), result.GetProperty("candidates").GetInt32(), result.GetProperty("size").GetInt32()));
        Assert.InRange(result.GetProperty("holdoutAuc").GetDouble(), 0.8, 1.0);
        var alikes = new HashSet<string>(await Task.WhenAll(Enumerable.Range(60, 60).Select(i => _server.PersonIdAsync($"u{i:D3}"))));
        var top = result.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("personId").GetString()!).ToList();
        Assert.True(top.Count(alikes.Contains) >= 45, $"{top.Count(alikes.Contains)} of the top 50 are look-alikes");

        var saved = await _server.GetJsonAsync("/api/v1/segments/buyers_lookalike");
        Assert.Equal(("static", 50L), (saved.GetProperty("mode").GetString(), saved.GetProperty("members").GetInt64()));
        Assert.Equal(top.Order(StringComparer.Ordinal), (await _server.MembersAsync("buyers_lookalike")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WhatTheSeedIsDefinedBy_IsNotAFeature()
    {
        await _server.PutSegmentAsync("shanghai_viewers", """{"when": "trait(\"city\") = \"上海\" and computed(\"views_30d\") >= 5"}""");

        using var response = await _server.Admin.PostAsync("/api/v1/segments/shanghai_viewers/lookalike", HttpJson.Body("""{"size": 10}"""));
        var result = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, result.ToString());

        var features = result.GetProperty("topFeatures").EnumerateArray().Select(f => f.GetProperty("feature").GetString()!).ToList();
        Assert.NotEmpty(features);
        Assert.DoesNotContain(features, f => f.StartsWith("trait:city", StringComparison.Ordinal) || f.StartsWith("computed:views_30d", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"size": 0}""", "size")]
    [InlineData("""{"size": 500}""", "size")]
    [InlineData("""{"size": 5, "save": "Not A Name"}""", "save")]
    [InlineData("""{"size": 5, "colour": 1}""", "colour")]
    public async Task BadLookalike_Is400NamingTheField(string body, string field)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/segments/buyers/lookalike", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavingOverASegmentWithACondition_Is409()
    {
        using var response = await _server.Admin.PostAsync("/api/v1/segments/buyers/lookalike", HttpJson.Body("""{"size": 5, "save": "buyers"}"""));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }
}

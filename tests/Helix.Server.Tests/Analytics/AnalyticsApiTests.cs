using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Tests.Segments;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Analytics;

/// <summary>Trends, funnels and retention through the real server and store: results, bad fields, isolation.</summary>
public sealed class AnalyticsApiTests(AnalyticsApiTests.World world) : IClassFixture<AnalyticsApiTests.World>
{
    // 2026-11-01 12:00 in Shanghai.
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private readonly HelixTestServer _server = world.Server;

    /// <summary>The server and the events every test here reads, seeded once for the class.</summary>
    public sealed class World() : SeededServer(new FakeTimeProvider(Day1.AddDays(10)))
    {
        protected override async Task SeedAsync(HelixTestServer server)
        {
            await server.SendAsync(
                SegmentTestServer.Identify("u1", Day1, new JsonObject { ["city"] = "上海" }),
                SegmentTestServer.Identify("u2", Day1, new JsonObject { ["city"] = "北京" }),
                SegmentTestServer.Track("u1", "Product Viewed", Day1),
                SegmentTestServer.Track("u1", "Order Completed", Day1.AddHours(1), new JsonObject { ["total"] = 100 }),
                SegmentTestServer.Track("u2", "Product Viewed", Day1),
                // 23:59:59 and 00:00:00 in Shanghai: the 1st and the 2nd.
                SegmentTestServer.Track("u2", "Order Completed", new DateTimeOffset(2026, 11, 1, 15, 59, 59, TimeSpan.Zero), new JsonObject { ["total"] = 50 }),
                SegmentTestServer.Track("u2", "Order Completed", new DateTimeOffset(2026, 11, 1, 16, 0, 0, TimeSpan.Zero), new JsonObject { ["total"] = 25 }));
        }
    }

    [Fact]
    public async Task Trends_CountPerShanghaiDay_WithEmptyDaysAsZero()
    {
        var result = await PostAsync("trends", """{"from": "2026-11-01", "to": "2026-11-03", "event": "Order Completed", "metric": "sum", "property": "total"}""");

        var points = result.GetProperty("series")[0].GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDecimal()).ToList();
        Assert.Equal([150m, 25m, 0m], points);
    }

    [Fact]
    public async Task Trends_BreakDownByTrait_AndFilterBySegment()
    {
        var result = await PostAsync("trends", """{"from": "2026-11-01", "to": "2026-11-02", "event": "Order Completed", "breakdown": {"trait": "city"}, "segment": "trait(\"city\") = \"北京\""}""");

        var series = result.GetProperty("series");
        Assert.Equal(1, series.GetArrayLength());
        Assert.Equal("北京", series[0].GetProperty("group").GetProperty("value").GetString());
        Assert.Equal(2m, series[0].GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task Funnel_ConvertsWithinTheWindow_AndListsDropOffs()
    {
        var result = await PostAsync("funnels", """
            {"from": "2026-11-01", "to": "2026-11-01", "steps": [{"event": "Product Viewed"}, {"event": "Order Completed", "where": [{"property": "total", "op": "gte", "value": 60}]}],
             "window": "2h", "dropOff": {"step": 1}}
            """);

        var steps = result.GetProperty("groups")[0].GetProperty("steps");
        Assert.Equal((2, 1), (steps[0].GetProperty("persons").GetInt32(), steps[1].GetProperty("persons").GetInt32()));
        Assert.Equal(3600, steps[1].GetProperty("medianSeconds").GetDouble());
        Assert.Equal([await _server.PersonIdAsync("u2")], result.GetProperty("dropOff").GetProperty("persons").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task FunnelDropOff_SavedAsAStaticSegment_ByAKeyThatMayWriteSegments()
    {
        const string Body = """
            {"from": "2026-11-01", "to": "2026-11-01", "steps": [{"event": "Product Viewed"}, {"event": "Order Completed", "where": [{"property": "total", "op": "gte", "value": 60}]}],
             "window": "2h", "dropOff": {"step": 1, "save": "viewed_not_bought"}}
            """;
        using var analyst = await _server.RoleClientAsync("analyst", "hxk_funnel_analyst");
        using (var denied = await analyst.PostAsync("/api/v1/analytics/funnels", HttpJson.Body(Body)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync("/api/v1/segments/viewed_not_bought")).StatusCode);

        var dropOff = (await PostAsync("funnels", Body)).GetProperty("dropOff");
        var u2 = await _server.PersonIdAsync("u2");
        Assert.Equal(("viewed_not_bought", 1), (dropOff.GetProperty("saved").GetString(), dropOff.GetProperty("savedPersons").GetInt32()));
        var members = await (await _server.Admin.GetAsync("/api/v1/segments/viewed_not_bought/members")).ReadJsonAsync();
        Assert.Equal([u2], members.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("personId").GetString()));

        // A dynamic segment of that name is never overwritten by a list.
        using var dynamic = await _server.Admin.PutAsync("/api/v1/segments/viewers", HttpJson.Body("""{"when": "did(\"Product Viewed\")"}"""));
        Assert.True(dynamic.IsSuccessStatusCode, await dynamic.Content.ReadAsStringAsync());
        using var conflict = await _server.Admin.PostAsync("/api/v1/analytics/funnels", HttpJson.Body(Body.Replace("viewed_not_bought", "viewers", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task Retention_CountsTheNextDayReturn()
    {
        var result = await PostAsync("retention", """{"from": "2026-11-01", "to": "2026-11-01", "start": {"event": "Product Viewed"}, "return": {"event": "Order Completed"}, "periods": 2, "bounded": true}""");

        var cohort = result.GetProperty("groups")[0].GetProperty("cohorts")[0];
        Assert.Equal([2L, 1L, 0L], cohort.GetProperty("retained").EnumerateArray().Select(r => r.GetInt64()));
    }

    [Fact]
    public async Task Paths_FollowEachPersonFromTheAnchor_UntilAPauseLongerThanMaxGap()
    {
        var wide = await PostAsync("paths", """{"from": "2026-11-01", "to": "2026-11-01", "anchor": {"event": "Product Viewed"}, "steps": 2, "maxGap": "13h"}""");
        var narrow = await PostAsync("paths", """{"from": "2026-11-01", "to": "2026-11-01", "anchor": {"event": "Product Viewed"}, "steps": 2}""");
        var back = await PostAsync("paths", """{"from": "2026-11-01", "to": "2026-11-02", "anchor": {"event": "Order Completed", "where": [{"property": "total", "op": "lt", "value": 30}]}, "direction": "previous", "maxGap": "1d"}""");

        Assert.Equal(["0 Product Viewed 2", "1 Order Completed 2", "2 (end) 1", "2 Order Completed 1"], Nodes(wide));
        Assert.Equal(2, wide.GetProperty("persons").GetInt64());
        Assert.Equal(["0 Product Viewed 2", "1 (end) 2"], Nodes(narrow));
        Assert.Equal(["0 Order Completed 1", "1 Order Completed 1", "2 Product Viewed 1", "3 (end) 1"], Nodes(back));

        static List<string> Nodes(JsonElement result) =>
            [.. result.GetProperty("nodes").EnumerateArray().Select(n => $"{n.GetProperty("step").GetInt32()} {n.GetProperty("name").GetString()} {n.GetProperty("persons").GetInt64()}")];
    }

    [Fact]
    public async Task Distribution_OfAProperty_AndOfEventsPerPerson()
    {
        var totals = await PostAsync("distributions", """{"from": "2026-11-01", "to": "2026-11-02", "event": "Order Completed", "property": "total", "bins": 3}""");
        var perPerson = await PostAsync("distributions", """{"from": "2026-11-01", "to": "2026-11-02", "event": "Order Completed"}""");

        Assert.Equal((3, 25.0, 100.0, 50.0), (totals.GetProperty("count").GetInt32(), totals.GetProperty("min").GetDouble(), totals.GetProperty("max").GetDouble(),
            totals.GetProperty("quantiles")[1].GetProperty("value").GetDouble()));
        Assert.Equal(["25-50: 1", "50-75: 1", "75-100: 1"], Bins(totals));
        Assert.Equal(["1-2: 1", "2-3: 1"], Bins(perPerson));

        static List<string> Bins(JsonElement result) =>
            [.. result.GetProperty("bins").EnumerateArray().Select(b => $"{b.GetProperty("from").GetDouble()}-{b.GetProperty("to").GetDouble()}: {b.GetProperty("count").GetInt64()}")];
    }

    [Theory]
    [InlineData("distributions", """{"from": "2026-11-01", "to": "2026-11-01", "event": "A", "bins": 101}""", "bins")]
    [InlineData("paths", """{"from": "2026-11-01", "to": "2026-11-01", "anchor": {"event": "A"}, "maxGap": "forever"}""", "maxGap")]
    [InlineData("trends", """{"to": "2026-11-01", "event": "A"}""", "from")]
    [InlineData("trends", """{"from": "2026-11-02", "to": "2026-11-01", "event": "A"}""", "to")]
    [InlineData("trends", """{"from": "2026-11-01", "to": "2026-11-01", "event": "A", "metric": "sum"}""", "property")]
    [InlineData("trends", """{"from": "2026-11-01", "to": "2026-11-01", "event": "A", "timeZone": "Mars/Base"}""", "timeZone")]
    [InlineData("trends", """{"from": "2026-11-01", "to": "2026-11-01", "event": "A", "breakdown": {"trait": "city", "limit": 0}}""", "breakdown.limit")]
    [InlineData("trends", """{"from": "2026-11-01", "to": "2026-11-01", "event": "A", "segment": "computed(\"nope\") > 1"}""", "segment")]
    [InlineData("funnels", """{"from": "2026-11-01", "to": "2026-11-01", "steps": [{"event": "A"}]}""", "steps")]
    [InlineData("funnels", """{"from": "2026-11-01", "to": "2026-11-01", "steps": [{"event": "A"}, {"event": "B"}], "order": "sideways"}""", "order")]
    [InlineData("funnels", """{"from": "2026-11-01", "to": "2026-11-01", "steps": [{"event": "A"}, {"event": "B"}], "dropOff": {"step": 1, "save": "Bad Name"}}""", "dropOff.save")]
    [InlineData("funnels", """{"from": "2026-11-01", "to": "2026-11-01", "steps": [{"event": "A"}, {"event": "B"}], "dropOff": {"step": 1, "save": "ok", "after": "p"}}""", "dropOff.after")]
    [InlineData("retention", """{"from": "2026-11-01", "to": "2026-11-01", "start": {"event": "A"}, "return": {"event": "B"}, "interval": "month"}""", "interval")]
    [InlineData("retention", """{"from": "2026-11-01", "to": "2026-11-01", "start": {"event": "A"}}""", "return")]
    public async Task BadQuery_Is400NamingTheField(string kind, string body, string field)
    {
        using var response = await _server.Admin.PostAsync($"/api/v1/analytics/{kind}", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherWorkspace_SeesNoneOfTheseEvents()
    {
        var other = await _server.OtherWorkspaceAdminAsync(new Helix.Core.Workspaces.WorkspaceId("ws_other"), "hxk_other_admin");

        using var response = await other.PostAsync("/api/v1/analytics/trends", HttpJson.Body("""{"from": "2026-11-01", "to": "2026-11-02", "event": "Order Completed"}"""));

        var result = await response.ReadJsonAsync();
        Assert.Equal(0m, result.GetProperty("series")[0].GetProperty("total").GetDecimal());
    }

    private async Task<JsonElement> PostAsync(string kind, string body)
    {
        using var response = await _server.Admin.PostAsync($"/api/v1/analytics/{kind}", HttpJson.Body(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}

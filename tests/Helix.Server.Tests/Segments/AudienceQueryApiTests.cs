using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Segments;

/// <summary>Estimates and scheduled segments, evaluated in SQL over the real store.</summary>
public sealed class AudienceQueryApiTests(AudienceQueryApiTests.World world) : IClassFixture<AudienceQueryApiTests.World>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private readonly HelixTestServer _server = world.Server;

    /// <summary>Three members and their orders, read by every test but the scheduled segment's, which moves the clock.</summary>
    public sealed class World() : SeededServer(new FakeTimeProvider(Now))
    {
        protected override Task SeedAsync(HelixTestServer server) => SeedMembersAsync(server);
    }

    private static async Task SeedMembersAsync(HelixTestServer server)
    {
        using var response = await server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body("""
            {"computedTraits": [{"name": "spend_total", "function": "sum", "event": "Order Completed", "of": "properties.total"}],
             "categories": [{"name": "value"}],
             "tags": [{"name": "big_spender", "kind": "rule", "category": "value", "when": {"computed": "spend_total", "op": "gte", "value": 500}}]}
            """));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await server.SendAsync(
            SegmentTestServer.Identify("u1", Now, new JsonObject { ["city"] = "上海" }),
            SegmentTestServer.Identify("u2", Now, new JsonObject { ["city"] = "北京" }),
            SegmentTestServer.Identify("u3", Now, new JsonObject { ["city"] = "上海" }),
            Order("u1", 300, Now.AddDays(-1)), Order("u1", 300, Now.AddDays(-2)),
            Order("u2", 100, Now.AddDays(-40)),
            SegmentTestServer.Track("u3", "Product Viewed", Now.AddDays(-5)));
    }

    [Theory]
    [InlineData("""did("Order Completed", count >= 2, within 30d)""", new[] { "u1" })]
    [InlineData("""trait("city") = "上海" """, new[] { "u1", "u3" })]
    [InlineData("""tag("big_spender") or did("Product Viewed") then not did("Order Completed") within 3d""", new[] { "u1", "u3" })]
    [InlineData("""computed("spend_total") > 50 and not did("Order Completed", within 30d)""", new[] { "u2" })]
    [InlineData("""not trait("city") exists""", new string[0])]
    public async Task Estimate_CountsWhatTheConditionSelects(string text, string[] users)
    {
        var estimate = await EstimateAsync(new { when = text, sample = 10 });

        var expected = await Task.WhenAll(users.Select(_server.PersonIdAsync));
        Assert.Equal(users.Length, estimate.GetProperty("count").GetInt64());
        Assert.Equal(expected.Order(StringComparer.Ordinal), estimate.GetProperty("sample").EnumerateArray().Select(s => s.GetString()!));
        Assert.Equal(AudienceTextOf(text), estimate.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Estimate_TakesTheJsonForm_AndLimitsTheSample()
    {
        var estimate = await EstimateAsync(new { when = new { trait = "city", op = "eq", value = "上海" }, sample = 1 });

        Assert.Equal(2, estimate.GetProperty("count").GetInt64());
        Assert.Single(estimate.GetProperty("sample").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"when": "did(\"Order Completed\", count >= )"}""", "when")]
    [InlineData("""{"when": "computed(\"nope\") > 1"}""", "when")]
    [InlineData("""{"when": "segment(\"nope\")"}""", "when")]
    [InlineData("""{"when": "did(\"A\")", "sample": 1000}""", "sample")]
    [InlineData("""{"when": "did(\"A\")", "extra": 1}""", "extra")]
    [InlineData("""{"sample": 1}""", "when")]
    [InlineData("""{"when": {"trait": "city", "op": "nope", "value": 1}}""", "when.op")]
    public async Task BadEstimate_Is400NamingTheField(string body, string field)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/segments/estimate", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"{field}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_SeesOnlyItsWorkspace()
    {
        var other = await _server.OtherWorkspaceAdminAsync(new Helix.Core.Workspaces.WorkspaceId("ws_other"), "hxk_other_admin");

        using var response = await other.PostAsync("/api/v1/segments/estimate", HttpJson.Body("""{"when": "trait(\"city\") exists"}"""));

        Assert.Equal(0, (await response.ReadJsonAsync()).GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task ScheduledSegment_IsComputedAtOnce_ThenOnItsCron_WithEntriesAndExits()
    {
        var time = new FakeTimeProvider(Now);
        await using var server = await HelixTestServer.StartAsync(timeProvider: time, configure: o => o with { ModelScheduleCheckInterval = TimeSpan.FromMilliseconds(200) });
        await SeedMembersAsync(server);
        var segment = await server.PutSegmentAsync("shanghai_buyers", """{"mode": "scheduled", "schedule": "0 3 * * *", "when": "trait(\"city\") = \"上海\" and did(\"Order Completed\")"}""");
        Assert.Equal(("scheduled", 1L), (segment.GetProperty("mode").GetString(), segment.GetProperty("members").GetInt64()));
        Assert.Equal([await server.PersonIdAsync("u1")], await server.MembersAsync("shanghai_buyers"));

        // u3 buys: not in yet, because scheduled segments follow their cron (03:00 UTC+8 = 19:00 UTC).
        await server.SendAsync(Order("u3", 20, Now));
        var runs = await server.GetJsonAsync("/api/v1/segments/shanghai_buyers/runs");
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 19, 0, 0, TimeSpan.Zero), runs.GetProperty("nextRunAt").GetDateTimeOffset());
        Assert.Single(await server.MembersAsync("shanghai_buyers"));

        time.Advance(TimeSpan.FromHours(15));
        await WaitUntilAsync(async () => (await server.MembersAsync("shanghai_buyers")).Count == 2);
        var history = await server.GetJsonAsync("/api/v1/segments/shanghai_buyers/history");
        Assert.All(history.EnumerateArray(), h => Assert.StartsWith("recompute segrun_", h.GetProperty("reason").GetString(), StringComparison.Ordinal));

        // On demand: u1 moves to 北京 and leaves.
        await server.SendAsync(SegmentTestServer.Identify("u1", Now, new JsonObject { ["city"] = "北京" }));
        using var recompute = await server.Admin.PostAsync("/api/v1/segments/shanghai_buyers/recompute", null);
        var run = await recompute.ReadJsonAsync();
        Assert.Equal(("succeeded", 1, 0, 1), (run.GetProperty("status").GetString(), run.GetProperty("members").GetInt32(), run.GetProperty("entered").GetInt32(), run.GetProperty("exited").GetInt32()));
        Assert.Equal("Segment Exited", (await server.GetJsonAsync("/api/v1/segments/shanghai_buyers/history")).EnumerateArray().First().GetProperty("event").GetString());

        // A changed condition applies at once.
        var changed = await server.PutSegmentAsync("shanghai_buyers", """{"mode": "scheduled", "when": "did(\"Order Completed\")"}""");
        Assert.Equal(3L, changed.GetProperty("members").GetInt64());
    }

    [Fact]
    public async Task RecomputingARealtimeSegment_Is409()
    {
        await _server.PutSegmentAsync("buyers", """{"when": "did(\"Order Completed\")"}""");

        using var response = await _server.Admin.PostAsync("/api/v1/segments/buyers/recompute", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    private static JsonObject Order(string user, int total, DateTimeOffset at) =>
        SegmentTestServer.Track(user, "Order Completed", at, new JsonObject { ["total"] = total });

    private static string AudienceTextOf(string text) => Helix.Core.Audiences.AudienceText.Print(Helix.Core.Audiences.AudienceText.Parse(text).Condition!);

    private async Task<JsonElement> EstimateAsync(object body)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/segments/estimate", HttpJson.Body(JsonSerializer.Serialize(body)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await condition());
    }
}

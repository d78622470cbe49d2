using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Tests.Segments;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Analytics;

/// <summary>The KPI set through the real server and store: a follow, orders either side of midnight in Shanghai, a coupon.</summary>
public sealed class KpiApiTests(KpiApiTests.World world) : IClassFixture<KpiApiTests.World>
{
    // 2026-11-02 12:00 in Shanghai (a Monday); the query runs on the 4th.
    private static readonly DateTimeOffset Day1 = new(2026, 11, 2, 4, 0, 0, TimeSpan.Zero);
    private readonly HelixTestServer _server = world.Server;

    /// <summary>The server and the events every test here reads, seeded once for the class.</summary>
    public sealed class World() : SeededServer(new FakeTimeProvider(Day1.AddDays(2)))
    {
        protected override async Task SeedAsync(HelixTestServer server)
        {
            await server.SendAsync(
                SegmentTestServer.Track("u1", "Followed", Day1),
                SegmentTestServer.Track("u1", "Coupon Received", Day1.AddMinutes(1)),
                SegmentTestServer.Track("u1", "Coupon Applied", Day1.AddHours(1)),
                SegmentTestServer.Track("u1", "Order Completed", Day1.AddHours(1).AddMinutes(1), new JsonObject { ["revenue"] = 90, ["total"] = 100 }),
                SegmentTestServer.Track("u2", "Followed", Day1),
                // 23:59:59 on the 2nd and 00:00:00 on the 3rd in Shanghai.
                SegmentTestServer.Track("u2", "Order Completed", new DateTimeOffset(2026, 11, 2, 15, 59, 59, TimeSpan.Zero), new JsonObject { ["revenue"] = 50, ["total"] = 60 }),
                SegmentTestServer.Track("u2", "Order Completed", new DateTimeOffset(2026, 11, 2, 16, 0, 0, TimeSpan.Zero), new JsonObject { ["revenue"] = 25, ["total"] = 30 }));
        }
    }

    [Fact]
    public async Task DailyKpis_SplitAtShanghaiMidnight_WithTheTotalOverTheRange()
    {
        var result = await PostAsync("""{"from": "2026-11-02", "to": "2026-11-05", "retentionDays": [1, 7]}""");

        var series = result.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"], series.Select(s => s.GetProperty("start").GetString()));
        Assert.Equal([2L, 1L, 0L, 0L], series.Select(s => s.GetProperty("activePersons").GetInt64()));
        Assert.Equal([140m, 25m, 0m, 0m], series.Select(s => s.GetProperty("gmv").GetDecimal()));
        var total = result.GetProperty("total");
        Assert.Equal((2, 3, 165m, 55m), (total.GetProperty("newUsers").GetInt32(), total.GetProperty("orders").GetInt32(), total.GetProperty("gmv").GetDecimal(), total.GetProperty("aov").GetDecimal()));
        Assert.Equal((1.0, 0.5, 1.0), (total.GetProperty("fanConversion").GetDouble(), total.GetProperty("repurchaseRate").GetDouble(), total.GetProperty("couponRedemptionRate").GetDouble()));
        Assert.Equal((1.0, 0.5), (total.GetProperty("dau").GetDouble(), total.GetProperty("couponClaimRate").GetDouble()));
        Assert.Equal(JsonValueKind.Null, series[3].GetProperty("wau").ValueKind);
        var retention = total.GetProperty("retention");
        Assert.Equal((2, 1, 0.5), (retention[0].GetProperty("eligible").GetInt32(), retention[0].GetProperty("retained").GetInt32(), retention[0].GetProperty("rate").GetDouble()));
        Assert.Equal(JsonValueKind.Null, retention[1].GetProperty("rate").ValueKind);
    }

    [Fact]
    public async Task ConfiguredEvents_AndRevenueProperty_AreRead()
    {
        var result = await PostAsync("""{"from": "2026-11-02", "to": "2026-11-02", "revenue": "total", "order": {"event": "Order Completed", "where": [{"property": "total", "op": "gt", "value": 50}]}, "follow": {"event": "Coupon Received"}}""");

        var total = result.GetProperty("total");
        Assert.Equal((2, 160m, 1L), (total.GetProperty("orders").GetInt32(), total.GetProperty("gmv").GetDecimal(), total.GetProperty("fans").GetInt64()));
    }

    [Theory]
    [InlineData("""{"from": "2026-11-02", "to": "2026-11-02", "conversionDays": "30"}""", "conversionDays")]
    [InlineData("""{"from": "2026-11-02", "to": "2026-11-02", "order": {"events": "X"}}""", "order.events")]
    [InlineData("""{"from": "2026-11-02", "to": "2026-11-02", "segment": "computed(\"nope\") > 1"}""", "segment")]
    public async Task BadQuery_Is400NamingTheField(string body, string field)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/analytics/kpis", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> PostAsync(string body)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/analytics/kpis", HttpJson.Body(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Tests.Segments;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Analytics;

/// <summary>Attribution through the real server and store: credits per model, lookback, the one-conversion rule, bad fields.</summary>
public sealed class AttributionApiTests(AttributionApiTests.World world) : IClassFixture<AttributionApiTests.World>
{
    // 2026-11-01 12:00 in Shanghai.
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day6 = Day1.AddDays(5);
    private readonly HelixTestServer _server = world.Server;

    /// <summary>The server and the events every test here reads, seeded once for the class.</summary>
    public sealed class World() : SeededServer(new FakeTimeProvider(Day1.AddDays(10)))
    {
        protected override async Task SeedAsync(HelixTestServer server)
        {
            await server.SendAsync(
                Visit("u1", "email", Day1), Visit("u1", "ads", Day1.AddHours(1)), Order("u1", 100, Day1.AddHours(2)),
                // The second order is credited only to the touch after the first.
                Visit("u2", "ads", Day1), Order("u2", 50, Day1.AddHours(1)), Visit("u2", "email", Day1.AddHours(2)), Order("u2", 30, Day1.AddHours(3)),
                Order("u3", 20, Day1),
                Visit("u4", "email", Day1),
                Visit("u5", "social", Day1.AddDays(-5)), Order("u5", 10, Day1));
            await server.SendAsync([.. Enumerable.Range(0, 13).Select(i => Visit("u6", $"c{i}", Day6.AddMinutes(i))), Order("u6", 1, Day6.AddHours(1))]);
        }
    }

    [Fact]
    public async Task RuleBasedModels_CreditEachConversionOnce()
    {
        var result = await PostAsync(Body("""["lastTouch", "firstTouch", "linear"]""", ""));

        Assert.Equal((5, 1, 210m, 20m, 1), (result.GetProperty("conversions").GetInt32(), result.GetProperty("direct").GetInt32(),
            result.GetProperty("value").GetDecimal(), result.GetProperty("directValue").GetDecimal(), result.GetProperty("nonConvertingJourneys").GetInt32()));
        Assert.Equal(new Dictionary<string, double> { ["ads"] = 2, ["email"] = 1, ["social"] = 1 }, Credits(result, "conversions", "lastTouch"));
        Assert.Equal(new Dictionary<string, double> { ["ads"] = 150, ["email"] = 30, ["social"] = 10 }, Credits(result, "value", "lastTouch"));
        Assert.Equal(new Dictionary<string, double> { ["ads"] = 1, ["email"] = 2, ["social"] = 1 }, Credits(result, "conversions", "firstTouch"));
        Assert.Equal(new Dictionary<string, double> { ["ads"] = 1.5, ["email"] = 1.5, ["social"] = 1 }, Credits(result, "conversions", "linear"));
    }

    [Fact]
    public async Task ShortLookback_MakesTheOldTouchDirect()
    {
        var result = await PostAsync(Body("""["lastTouch"]""", """, "lookbackDays": 3"""));

        Assert.Equal(2, result.GetProperty("direct").GetInt32());
        Assert.DoesNotContain("social", Credits(result, "conversions", "lastTouch").Keys);
    }

    [Fact]
    public async Task MarkovAndShapley_ShareTheAttributedConversions()
    {
        var result = await PostAsync(Body("""["markov", "shapley"]""", ""));

        Assert.InRange(result.GetProperty("conversionProbability").GetDouble(), 0.01, 1);
        Assert.Equal(4, Credits(result, "conversions", "markov").Values.Sum(), 9);
        Assert.Equal(4, Credits(result, "conversions", "shapley").Values.Sum(), 9);
        Assert.All(result.GetProperty("channels").EnumerateArray(), c => Assert.InRange(c.GetProperty("removalEffect").GetDouble(), 0, 1));
    }

    [Fact]
    public async Task ShapleyOverTooManyChannels_Is400NamingModels_WhileLinearWorks()
    {
        using var response = await _server.Admin.PostAsync("/api/v1/analytics/attribution", HttpJson.Body(Body("""["shapley"]""", "", "2026-11-06")));
        var linear = await PostAsync(Body("""["linear"]""", "", "2026-11-06"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"models\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(13, Credits(linear, "conversions", "linear").Count);
    }

    [Theory]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "touchpoints": {"event": "Visit"}, "dimension": "channel"}""", "conversion")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"where": []}, "dimension": "channel"}""", "touchpoints.event")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}}""", "dimension")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}, "dimension": "a..b"}""", "dimension")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}, "dimension": "channel", "lookbackDays": 0}""", "lookbackDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}, "dimension": "channel", "halfLifeDays": -1}""", "halfLifeDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}, "dimension": "channel", "models": ["linear", "linear"]}""", "models")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}, "dimension": "channel", "models": ["first_touch"]}""", "models")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}, "dimension": "channel", "value": 3}""", "value")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}, "dimension": "channel", "breakdown": {"trait": "city"}}""", "breakdown")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversion": {"event": "Order"}, "touchpoints": {"event": "Visit"}, "dimension": "channel", "segment": "computed(\"nope\") > 1"}""", "segment")]
    public async Task BadQuery_Is400NamingTheField(string body, string field)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/analytics/attribution", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Body(string models, string extra, string day = "2026-11-01") => $$"""
        {"from": "{{day}}", "to": "{{day}}", "conversion": {"event": "Order Completed"}, "touchpoints": {"event": "Visit"},
         "dimension": "channel", "value": "total", "models": {{models}}{{extra}}}
        """;

    private static Dictionary<string, double> Credits(JsonElement result, string measure, string model) =>
        result.GetProperty("channels").EnumerateArray()
            .ToDictionary(c => c.GetProperty("channel").GetProperty("value").GetString()!, c => Math.Round(c.GetProperty(measure).GetProperty(model).GetDouble(), 9));

    private static JsonObject Visit(string user, string channel, DateTimeOffset at) => SegmentTestServer.Track(user, "Visit", at, new JsonObject { ["channel"] = channel });

    private static JsonObject Order(string user, decimal total, DateTimeOffset at) => SegmentTestServer.Track(user, "Order Completed", at, new JsonObject { ["total"] = total });

    private async Task<JsonElement> PostAsync(string body)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/analytics/attribution", HttpJson.Body(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}

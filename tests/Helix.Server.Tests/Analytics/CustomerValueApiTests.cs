using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Tests.Segments;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Analytics;

/// <summary>
/// The RFM matrix, lifecycle flow and CLV summary through the real server and store, each checked against the models
/// endpoint it must agree with, with and without a segment; bad fields; the permission.
/// </summary>
public sealed class CustomerValueApiTests(CustomerValueApiTests.World world) : IClassFixture<CustomerValueApiTests.World>
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CompareTo = AsOf.AddDays(-60);
    private readonly HelixTestServer _server = world.Server;

    /// <summary>The server and the events every test here reads, seeded once for the class.</summary>
    public sealed class World() : SeededServer(new FakeTimeProvider(AsOf.AddDays(1)))
    {
        protected override async Task SeedAsync(HelixTestServer server)
        {
            // ClvAnalysisTests' buyers, which BG/NBD can fit: 40 buyers at regular gaps (even ones in 上海, odd ones in 北京),
            // a loyal one and a lapsed one (no city), all at noon Shanghai time; and a browser who never orders.
            var end = new DateOnly(2026, 11, 1);
            var messages = new List<JsonObject> { SegmentTestServer.Track("browser", "Product Viewed", AsOf.AddDays(-3)) };
            for (var i = 0; i < 40; i++)
            {
                messages.Add(SegmentTestServer.Identify($"b{i}", AsOf.AddDays(-400), new JsonObject { ["city"] = i % 2 == 0 ? "上海" : "北京" }));
                for (var (day, n) = (60 + (i * 13 % 280), 0); day > 0 && n <= i % 6; day -= 10 + (i % 4 * 15), n++)
                {
                    messages.Add(Order($"b{i}", end.AddDays(-day), 50 + (i * 37 % 400)));
                }
            }

            messages.AddRange(Enumerable.Range(0, 6).Select(n => Order("loyal", end.AddDays(-(3 + (n * 30))), 900)));
            messages.Add(Order("lapsed_once", end.AddDays(-300), 120));
            await server.SendAsync([.. messages]);
        }
    }

    [Fact]
    public async Task Rfm_AgreesWithTheModelsEndpoint_AndItsMovementAddsUp()
    {
        var model = await _server.GetJsonAsync($"/api/v1/models/rfm?asOf={Escaped(AsOf)}&sample=0");
        var earlier = await _server.GetJsonAsync($"/api/v1/models/rfm?asOf={Escaped(CompareTo)}&sample=0");

        var rfm = await PostAsync("rfm", $$"""{"asOf": "{{AsOf:O}}", "compareTo": "{{CompareTo:O}}"}""");

        Assert.Equal(model.GetProperty("buyers").GetInt32(), rfm.GetProperty("buyers").GetInt32());
        Assert.Equal(model.GetProperty("cutPoints").ToString(), rfm.GetProperty("cutPoints").ToString());
        Assert.Equal(Groups(model), Groups(rfm));
        var matrix = rfm.GetProperty("matrix").EnumerateArray().ToList();
        Assert.Equal(25, matrix.Count);
        Assert.Equal(rfm.GetProperty("buyers").GetInt32(), matrix.Sum(c => c.GetProperty("persons").GetInt32()));
        var movement = rfm.GetProperty("movement");
        var persons = movement.GetProperty("persons").EnumerateArray().Select(r => r.EnumerateArray().Select(p => p.GetInt32()).ToArray()).ToArray();
        var to = movement.GetProperty("to").EnumerateArray().Select(g => g.GetString()!).ToArray();
        Assert.Equal(Groups(rfm).Values, to.Select((_, column) => persons.Sum(row => row[column])));
        Assert.Equal("none", movement.GetProperty("from")[0].GetString());
        // Row "none" holds the buyers who had not bought by compareTo; the other rows hold every earlier buyer.
        Assert.Equal(rfm.GetProperty("buyers").GetInt32() - earlier.GetProperty("buyers").GetInt32(), persons[0].Sum());
        Assert.True(persons[0].Sum() > 0);
    }

    [Fact]
    public async Task Rfm_Segment_CountsItsBuyers_OnTheWorkspacesCutPoints()
    {
        var all = await PostAsync("rfm", $$"""{"asOf": "{{AsOf:O}}"}""");
        var shanghai = await PostAsync("rfm", $$"""{"asOf": "{{AsOf:O}}", "segment": "trait(\"city\") = \"上海\""}""");

        Assert.Equal(20, shanghai.GetProperty("buyers").GetInt32());
        Assert.Equal(all.GetProperty("cutPoints").ToString(), shanghai.GetProperty("cutPoints").ToString());
        Assert.Equal(20, Groups(shanghai).Values.Sum());
        Assert.All(Groups(shanghai), g => Assert.True(g.Value <= Groups(all)[g.Key]));
    }

    [Fact]
    public async Task Lifecycle_EachBoundaryMatchesTheModelsEndpoint_AndFlowsConserve()
    {
        var flow = await PostAsync("lifecycle", """{"from": "2026-08-01", "to": "2026-10-31", "interval": "month", "timeZone": "UTC"}""");

        var boundaries = flow.GetProperty("boundaries").EnumerateArray().Select(b => b.GetDateTimeOffset()).ToList();
        Assert.Equal([new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), AsOf], boundaries);
        Assert.Equal(43, flow.GetProperty("persons").GetInt32());
        var nodes = flow.GetProperty("nodes").EnumerateArray().ToList();
        for (var step = 0; step < boundaries.Count; step++)
        {
            var model = await _server.GetJsonAsync($"/api/v1/models/lifecycle?asOf={Escaped(boundaries[step])}&sample=0");
            var expected = model.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("persons").GetInt32());
            expected["not_seen"] = 43 - model.GetProperty("persons").GetInt32();
            var atStep = nodes.Where(n => n.GetProperty("step").GetInt32() == step).ToDictionary(n => n.GetProperty("stage").GetString()!, n => n.GetProperty("persons").GetInt32());
            Assert.Equal(expected.OrderBy(e => e.Key), atStep.OrderBy(e => e.Key));
        }

        var links = flow.GetProperty("links").EnumerateArray().ToList();
        Assert.All(nodes.Where(n => n.GetProperty("step").GetInt32() > 0), n => Assert.Equal(n.GetProperty("persons").GetInt32(), links
            .Where(l => l.GetProperty("step").GetInt32() == n.GetProperty("step").GetInt32() && l.GetProperty("to").GetString() == n.GetProperty("stage").GetString())
            .Sum(l => l.GetProperty("persons").GetInt32())));
    }

    [Fact]
    public async Task Lifecycle_Segment_RestrictsThePersons()
    {
        var flow = await PostAsync("lifecycle", """{"from": "2026-10-01", "to": "2026-10-31", "interval": "week", "segment": "trait(\"city\") = \"北京\""}""");

        Assert.Equal(20, flow.GetProperty("persons").GetInt32());
        Assert.All(flow.GetProperty("nodes").EnumerateArray().GroupBy(n => n.GetProperty("step").GetInt32()),
            step => Assert.Equal(20, step.Sum(n => n.GetProperty("persons").GetInt32())));
    }

    [Fact]
    public async Task Clv_IsTheModelsEndpointsFit_SummarisedOverTheSegment()
    {
        var model = await _server.GetJsonAsync($"/api/v1/models/clv?asOf={Escaped(AsOf)}&sample=1000");
        var shanghai = (await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _server.PersonIdAsync($"b{i * 2}")))).ToHashSet();

        var all = await PostAsync("clv", $$"""{"asOf": "{{AsOf:O}}"}""");
        var segment = await PostAsync("clv", $$"""{"asOf": "{{AsOf:O}}", "segment": "trait(\"city\") = \"上海\""}""");

        Assert.Equal(model.GetProperty("bgNbd").ToString(), all.GetProperty("bgNbd").ToString());
        Assert.Equal(model.GetProperty("gammaGamma").ToString(), segment.GetProperty("gammaGamma").ToString());
        Assert.Equal(model.GetProperty("totalClv12Months").GetDouble(), all.GetProperty("summary").GetProperty("totalClv").GetDouble(), 9);
        var expected = model.GetProperty("top").EnumerateArray().Where(p => shanghai.Contains(p.GetProperty("personId").GetString()!)).Sum(p => p.GetProperty("clv12Months").GetDouble());
        var summary = segment.GetProperty("summary");
        Assert.Equal((20, 42), (summary.GetProperty("buyers").GetInt32(), segment.GetProperty("workspaceBuyers").GetInt32()));
        Assert.Equal(expected, summary.GetProperty("totalClv").GetDouble(), 9);
        Assert.Equal(11, summary.GetProperty("deciles").GetArrayLength());
        Assert.Equal(20, summary.GetProperty("tiers").EnumerateArray().Sum(t => t.GetProperty("persons").GetInt32()));
    }

    [Fact]
    public async Task Clv_WithoutRepeatBuyers_Is422()
    {
        using var response = await _server.Admin.PostAsync("/api/v1/analytics/clv", HttpJson.Body("""{"asOf": "2020-01-01T00:00:00Z"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Theory]
    [InlineData("rfm", """{"compareTo": "2026-11-02T00:00:00Z", "asOf": "2026-11-01T00:00:00Z"}""", "compareTo")]
    [InlineData("rfm", """{"bins": 11}""", "bins")]
    [InlineData("rfm", """{"asOf": "yesterday"}""", "asOf")]
    [InlineData("rfm", """{"from": "2026-11-01"}""", "from")]
    [InlineData("rfm", """{"refund": ""}""", "refund")]
    [InlineData("rfm", """{"segment": "trait(\"city\" ="}""", "segment")]
    [InlineData("clv", """{"revenue": 5}""", "revenue")]
    [InlineData("clv", """{"segment": "computed(\"nope\") > 1"}""", "segment")]
    [InlineData("lifecycle", """{"to": "2026-11-01"}""", "from")]
    [InlineData("lifecycle", """{"from": "2026-11-01", "to": "2026-11-01", "interval": "year"}""", "interval")]
    [InlineData("lifecycle", """{"from": "2016-11-01", "to": "2026-11-01", "interval": "day"}""", "to")]
    [InlineData("lifecycle", """{"from": "2026-11-01", "to": "2026-11-01", "atRiskAfterDays": 200}""", "churnedAfterDays")]
    [InlineData("lifecycle", """{"from": "2026-11-01", "to": "2026-11-01", "breakdown": {"trait": "city"}}""", "breakdown")]
    public async Task BadQuery_Is400NamingTheField(string kind, string body, string field)
    {
        using var response = await _server.Admin.PostAsync($"/api/v1/analytics/{kind}", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(field, problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task WithoutAKey_Is401()
    {
        using var response = await _server.Anonymous.PostAsync("/api/v1/analytics/rfm", HttpJson.Body("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static JsonObject Order(string user, DateOnly day, int revenue) => SegmentTestServer.Track(
        user, "Order Completed", new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)), new JsonObject { ["revenue"] = revenue });

    private static Dictionary<string, int> Groups(JsonElement body) =>
        body.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetString()!, g => g.GetProperty("persons").GetInt32());

    private static string Escaped(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));

    private async Task<JsonElement> PostAsync(string kind, string body)
    {
        using var response = await _server.Admin.PostAsync($"/api/v1/analytics/{kind}", HttpJson.Body(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}

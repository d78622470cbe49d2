using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Analytics.Experiments;
using Helix.Server.Tests.Segments;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Analytics;

/// <summary>
/// Experiments through the real server and store, on a seeded A/B world: 40 persons alternate control and treatment
/// (exposed on four days), control converts 10 of 20 and treatment 15 of 20; one person saw both arms.
/// </summary>
public sealed class ExperimentsApiTests(ExperimentsApiTests.World world) : IClassFixture<ExperimentsApiTests.World>
{
    // 2026-11-01 12:00 in Shanghai.
    private static readonly DateTimeOffset Day1 = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private readonly HelixTestServer _server = world.Server;

    private const string Exposure = """
        "from": "2026-11-01", "to": "2026-11-04",
        "exposure": {"event": "Experiment Viewed", "where": [{"property": "experiment", "op": "eq", "value": "checkout"}], "arm": "variant"},
        "control": "control", "conversion": {"event": "Order Completed"}
        """;

    /// <summary>The server and the events every test here reads, seeded once for the class.</summary>
    public sealed class World() : SeededServer(new FakeTimeProvider(Day1.AddDays(20)))
    {
        protected override async Task SeedAsync(HelixTestServer server)
        {
            var messages = new List<JsonObject>();
            for (var i = 0; i < 40; i++)
            {
                messages.AddRange(Person(i));
            }

            // Saw both arms: excluded. Converted without exposure, or in another experiment: in no arm.
            messages.Add(SegmentTestServer.Track("u40", "Experiment Viewed", Day1, new JsonObject { ["experiment"] = "checkout", ["variant"] = "control" }));
            messages.Add(SegmentTestServer.Track("u40", "Experiment Viewed", Day1.AddHours(1), new JsonObject { ["experiment"] = "checkout", ["variant"] = "treatment" }));
            messages.Add(SegmentTestServer.Track("u41", "Order Completed", Day1, new JsonObject { ["total"] = 999 }));
            messages.Add(SegmentTestServer.Track("u41", "Experiment Viewed", Day1, new JsonObject { ["experiment"] = "other", ["variant"] = "x" }));
            await server.SendAsync([.. messages]);
        }
    }

    /// <summary>Even persons are control; control converts when i % 4 = 0, treatment when i % 4 = 1 or i ≤ 19.</summary>
    private static IEnumerable<JsonObject> Person(int i)
    {
        var user = $"u{i}";
        var arm = i % 2 == 0 ? "control" : "treatment";
        var exposed = Day1.AddDays(i / 10);
        yield return SegmentTestServer.Identify(user, Day1.AddDays(-10), new JsonObject { ["group"] = arm });
        yield return SegmentTestServer.Track(user, "Experiment Viewed", exposed, new JsonObject { ["experiment"] = "checkout", ["variant"] = arm });
        if (Converts(i))
        {
            yield return SegmentTestServer.Track(user, "Order Completed", exposed.AddHours(2), new JsonObject { ["total"] = Total(i) });
        }

        if (i % 3 == 0)
        {
            // Before exposure: the CUPED covariate, never a conversion.
            yield return SegmentTestServer.Track(user, "Order Completed", exposed.AddDays(-3), new JsonObject { ["total"] = 50 });
        }

        if (i == 2)
        {
            // After the 7-day window.
            yield return SegmentTestServer.Track(user, "Order Completed", exposed.AddDays(10), new JsonObject { ["total"] = 500 });
        }
    }

    private static bool Converts(int i) => i % 2 == 0 ? i % 4 == 0 : i % 4 == 1 || i <= 19;

    private static double Total(int i) => i % 2 == 0 ? 100 : 120 + i;

    [Fact]
    public async Task ExposureArms_CountPersonsAndConversions_AndMatchCoreStatistics()
    {
        var result = await PostAsync($$"""{{{Exposure}}, "minimumDetectableEffect": 0.1}""");

        var (control, treatment) = (Arm(result, "control"), Arm(result, "treatment"));
        Assert.Equal((20, 10), (control.GetProperty("persons").GetInt64(), control.GetProperty("conversions").GetInt64()));
        Assert.Equal((20, 15), (treatment.GetProperty("persons").GetInt64(), treatment.GetProperty("conversions").GetInt64()));
        Assert.Equal(1, result.GetProperty("excludedPersons").GetInt64());
        var expected = ProportionComparison.Compare(15, 20, 10, 20, 0.05)!;
        var conversion = treatment.GetProperty("versusControl").GetProperty("conversion");
        Assert.Equal(expected.PValue, conversion.GetProperty("pValue").GetDouble(), 12);
        Assert.Equal(0.5, conversion.GetProperty("relative").GetDouble(), 12);
        Assert.Equal(4, treatment.GetProperty("versusControl").GetProperty("sequential").GetProperty("looks").GetInt32());
        Assert.Equal(Math.Ceiling(SampleSize.Proportions(0.5, 0.1, 0.05, 0.8)!.Value), result.GetProperty("sampleSizePerArm").GetDouble());
        Assert.False(result.GetProperty("sampleRatio").GetProperty("mismatch").GetBoolean());
    }

    [Fact]
    public async Task Segment_KeepsOnlyItsPersonsInEveryArm()
    {
        // did("Order Completed") within the experiment's life: the converters, plus u41 (in no arm) and the CUPED buyers.
        var result = await PostAsync($$"""{{{Exposure}}, "segment": "did(\"Order Completed\")"}""");

        var kept = Enumerable.Range(0, 40).Where(i => Converts(i) || i % 3 == 0 || i == 2).ToList();
        var (control, treatment) = (Arm(result, "control"), Arm(result, "treatment"));
        Assert.Equal((kept.Count(i => i % 2 == 0), 10), (control.GetProperty("persons").GetInt64(), control.GetProperty("conversions").GetInt64()));
        Assert.Equal((kept.Count(i => i % 2 == 1), 15), (treatment.GetProperty("persons").GetInt64(), treatment.GetProperty("conversions").GetInt64()));
        Assert.Equal(0, result.GetProperty("excludedPersons").GetInt64());
    }

    [Fact]
    public async Task Metric_WithCuped_MatchesWelchAndThetaOnThePersonsOutcomes()
    {
        var result = await PostAsync($$"""{{{Exposure}}, "metric": "total", "cuped": 7, "windowDays": 7}""");

        // y: the order total in the window (0 without one); x: the total in the 7 days before exposure.
        Moments Of(int parity) => Moments.Of(Enumerable.Range(0, 40).Where(i => i % 2 == parity).Select(i => (Converts(i) ? Total(i) : 0, i % 3 == 0 ? 50.0 : 0)));
        var (control, treatment) = (Of(0), Of(1));
        var welch = WelchTest.Compare(treatment, control, 0.05)!;
        var cuped = Cuped.Of(control + treatment);
        var versus = Arm(result, "treatment").GetProperty("versusControl");
        Assert.Equal(welch.PValue, versus.GetProperty("metric").GetProperty("pValue").GetDouble(), 9);
        Assert.Equal(treatment.MeanY, Arm(result, "treatment").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(cuped.Theta, result.GetProperty("cuped").GetProperty("theta").GetDouble(), 9);
        Assert.Equal(cuped.Compare(treatment, control, 0.05)!.PValue, versus.GetProperty("cuped").GetProperty("pValue").GetDouble(), 9);
    }

    [Fact]
    public async Task ListedArmsWithWeights_FlagASampleRatioMismatch()
    {
        var result = await PostAsync($$"""{{{Exposure}}, "arms": [{"name": "control", "weight": 3}, {"name": "treatment", "weight": 1}]}""");

        // 20 and 20 against a planned 30 and 10: X² = 100/30 + 100/10 = 13.33, p ≈ 0.00026.
        var srm = result.GetProperty("sampleRatio");
        Assert.Equal(13.333, srm.GetProperty("test").GetProperty("statistic").GetDouble(), 3);
        Assert.True(srm.GetProperty("mismatch").GetBoolean());
        Assert.Equal(0.75, Arm(result, "control").GetProperty("expectedShare").GetDouble(), 12);
    }

    [Fact]
    public async Task CohortArms_BySegment_CountConversionsInTheRange()
    {
        var result = await PostAsync("""
            {"from": "2026-11-01", "to": "2026-11-04", "control": "a", "conversion": {"event": "Order Completed"},
             "arms": [{"name": "a", "segment": "trait(\"group\") = \"control\""}, {"name": "b", "segment": "trait(\"group\") = \"treatment\""}]}
            """);

        // In the range: the in-window orders, plus the pre-exposure orders of persons 30, 33, 36 and 39 (on 11-01):
        // control gains person 30, treatment person 39.
        Assert.Equal((20, 11), (Arm(result, "a").GetProperty("persons").GetInt64(), Arm(result, "a").GetProperty("conversions").GetInt64()));
        Assert.Equal((20, 16), (Arm(result, "b").GetProperty("persons").GetInt64(), Arm(result, "b").GetProperty("conversions").GetInt64()));
        Assert.Equal(0, result.GetProperty("excludedPersons").GetInt64());
        Assert.Equal(ChiSquareTest.Independence(new long[,] { { 11, 9 }, { 16, 4 } })!.PValue, result.GetProperty("independence").GetProperty("pValue").GetDouble(), 12);
    }

    [Fact]
    public async Task CohortArms_WithCuped_CountPrePeriodConversionsBeforeFrom()
    {
        var result = await PostAsync("""
            {"from": "2026-11-01", "to": "2026-11-04", "control": "a", "conversion": {"event": "Order Completed"}, "cuped": 3,
             "arms": [{"name": "a", "segment": "trait(\"group\") = \"control\""}, {"name": "b", "segment": "trait(\"group\") = \"treatment\""}]}
            """);

        // y: converted in the range; x: orders on 10-29 to 10-31 (persons below 30 with i % 3 = 0, three days before exposure).
        var pairs = Enumerable.Range(0, 40).Select(i => (Y: Converts(i) || i is 30 or 39 ? 1.0 : 0, X: i % 3 == 0 && i < 30 ? 1.0 : 0));
        var cuped = Cuped.Of(Moments.Of(pairs));
        Assert.Equal(cuped.Theta, result.GetProperty("cuped").GetProperty("theta").GetDouble(), 9);
        Assert.Equal(cuped.VarianceReduction, result.GetProperty("cuped").GetProperty("varianceReduction").GetDouble(), 9);
        Assert.NotEqual(0, cuped.Theta);
    }

    [Fact]
    public async Task OverlappingCohorts_AreExcludedAndCounted()
    {
        var result = await PostAsync("""
            {"from": "2026-11-01", "to": "2026-11-04", "control": "a", "conversion": {"event": "Order Completed"},
             "arms": [{"name": "a", "segment": "trait(\"group\") = \"control\""}, {"name": "all", "segment": "trait(\"group\") = \"control\" or trait(\"group\") = \"treatment\""}]}
            """);

        Assert.Equal(20, result.GetProperty("excludedPersons").GetInt64());
        Assert.Equal(0, Arm(result, "a").GetProperty("persons").GetInt64());
        Assert.Equal(20, Arm(result, "all").GetProperty("persons").GetInt64());
    }

    [Theory]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "control": "a", "conversion": {"event": "X"}}""", "arms")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V"}, "control": "a", "conversion": {"event": "X"}}""", "exposure.arm")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "control": "a"}""", "conversion")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "arms": [{"name": "b"}, {"name": "c"}], "control": "a", "conversion": {"event": "X"}}""", "control")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "arms": [{"name": "a"}, {"name": "a"}], "control": "a", "conversion": {"event": "X"}}""", "arms")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "arms": [{"name": "a", "weight": -1}, {"name": "b"}], "control": "a", "conversion": {"event": "X"}}""", "arms[0].weight")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "control": "a", "conversion": {"event": "X"}, "alpha": 2}""", "alpha")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "control": "a", "conversion": {"event": "X"}, "windowDays": 0}""", "windowDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "control": "a", "conversion": {"event": "X"}, "cuped": "x"}""", "cuped")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "control": "a", "conversion": {"event": "X"}, "minimumDetectableEffect": 0}""", "minimumDetectableEffect")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "exposure": {"event": "V", "arm": "v"}, "control": "a", "conversion": {"event": "X"}, "segment": "computed(\"nope\") > 1"}""", "segment")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "control": "a", "conversion": {"event": "X"}, "windowDays": 3, "arms": [{"name": "a", "segment": "trait(\"g\") = 1"}, {"name": "b", "segment": "trait(\"g\") = 2"}]}""", "windowDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "control": "a", "conversion": {"event": "X"}, "arms": [{"name": "a", "segment": "trait(\"g\") = 1"}, {"name": "b", "segment": "computed(\"nope\") > 1"}]}""", "arms[1].segment")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-02", "control": "a", "conversion": {"event": "X"}, "arms": [{"name": "a", "segment": "trait(\"g\") = 1"}, {"name": "b"}]}""", "arms[1].segment")]
    public async Task BadQuery_Is400NamingTheField(string body, string field)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/analytics/experiments", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static JsonElement Arm(JsonElement result, string name) =>
        result.GetProperty("arms").EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);

    private async Task<JsonElement> PostAsync(string body)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/analytics/experiments", HttpJson.Body(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }
}

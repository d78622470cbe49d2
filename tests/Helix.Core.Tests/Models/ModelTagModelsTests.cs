using System.Buffers;
using System.Text.Json;
using FsCheck.Xunit;
using Helix.Core.Models;

namespace Helix.Core.Tests.Models;

/// <summary>The labels model tags carry: AIPL stages, CLV tiers, churn risk, and the settings that tune them.</summary>
public class ModelTagModelsTests
{
    private static readonly AiplOptions Aipl = AiplOptions.Default;

    [Theory]
    [InlineData(0, 0, 0, null)]
    [InlineData(3, 0, 0, AiplStage.Awareness)]
    [InlineData(3, 1, 0, AiplStage.Interest)]
    [InlineData(9, 4, 1, AiplStage.Purchase)]
    [InlineData(2, 0, 2, AiplStage.Loyalty)]
    public void Aipl_TakesTheHighestStageReached(long events, long interest, long orders, AiplStage? expected) =>
        Assert.Equal(expected, Helix.Core.Models.Aipl.Stage(new Engagement(events, interest, orders), Aipl));

    [Fact]
    public void Aipl_LoyaltyNeedsTheConfiguredOrders()
    {
        var strict = Aipl with { LoyalOrders = 3 };

        Assert.Equal(AiplStage.Purchase, Helix.Core.Models.Aipl.Stage(new Engagement(5, 0, 2), strict));
        Assert.Equal(AiplStage.Loyalty, Helix.Core.Models.Aipl.Stage(new Engagement(5, 0, 3), strict));
    }

    [Fact]
    public void ClvTiers_SplitByRank()
    {
        double[] values = [10, 90, 50, 70, 30, 20, 60, 80, 40, 100];

        var tiers = ModelTiers.ClvTiers(values, new ClvTierOptions(0.2, 0.3));

        // Top 2 (100, 90) high, next 3 (80, 70, 60) medium, the 5 others low.
        Assert.Equal(["low", "high", "low", "medium", "low", "low", "medium", "medium", "low", "high"], tiers);
    }

    [Fact]
    public void ClvTiers_EqualValuesAtABoundaryShareTheBetterLabel()
    {
        var tiers = ModelTiers.ClvTiers([5, 5, 5, 1], new ClvTierOptions(0.25, 0.25));

        Assert.Equal(["high", "high", "high", "low"], tiers);
    }

    [Property]
    public bool ClvTiers_NeverRankALowerValueAboveAHigherOne(double[] raw)
    {
        var values = raw.Where(double.IsFinite).ToArray();
        var tiers = ModelTiers.ClvTiers(values, new ClvTierOptions(0.2, 0.3));
        static int Rank(string tier) => tier switch { "high" => 2, "medium" => 1, _ => 0 };
        return values.Select((v, i) => (v, Rank(tiers[i]))).All(a => values.Select((w, j) => (w, Rank(tiers[j]))).All(b => a.v <= b.w || a.Item2 >= b.Item2));
    }

    [Theory]
    [InlineData(3, 0.1, 5, "high")]
    [InlineData(3, 0.5, 5, "medium")]
    [InlineData(3, 0.9, 400, "low")] // a repeat buyer: the model decides, not the clock
    [InlineData(0, 1.0, 200, "high")] // BG/NBD calls every one-time buyer alive: the lifecycle clock decides
    [InlineData(0, 1.0, 100, "medium")]
    [InlineData(0, 1.0, 10, "low")]
    public void ChurnRisk(int repeats, double alive, int silentDays, string expected) =>
        Assert.Equal(expected, ModelTiers.ChurnRisk(repeats, alive, silentDays, new ChurnRiskOptions(), new LifecycleThresholds()));

    [Fact]
    public void Settings_ParseOverridesAndKeepDefaults()
    {
        var (settings, errors) = ModelSettings.Parse(JsonElement.Parse("""
            {"schedule": "30 2 * * 1", "revenue": "total", "lifecycle": {"atRiskAfterDays": 60}, "aipl": {"interestEvents": ["Product Viewed"]}}
            """), "settings.models");

        Assert.Empty(errors);
        Assert.Equal("30 2 * * 1", settings!.Schedule);
        Assert.Equal("total", settings.Revenue);
        Assert.Equal("Order Completed", settings.OrderEvent);
        Assert.Equal(new LifecycleThresholds(30, 60, 180), settings.Lifecycle);
        Assert.Equal(["Product Viewed"], settings.Aipl.InterestEvents);
        Assert.Equal(2, settings.Aipl.LoyalOrders);
    }

    [Theory]
    [InlineData("""{"schedule": "every day"}""", "settings.models.schedule")]
    [InlineData("""{"schedule": "0 3 * *"}""", "settings.models.schedule")]
    [InlineData("""{"revenue": ""}""", "settings.models.revenue")]
    [InlineData("""{"rfm": {"bins": 1}}""", "settings.models.rfm.bins")]
    [InlineData("""{"lifecycle": {"atRiskAfterDays": 200}}""", "settings.models.lifecycle.churnedAfterDays")]
    [InlineData("""{"aipl": {"interestEvents": "Product Viewed"}}""", "settings.models.aipl.interestEvents")]
    [InlineData("""{"clv": {"highShare": 0.8, "mediumShare": 0.5}}""", "settings.models.clv.mediumShare")]
    [InlineData("""{"churn": {"highBelow": 1.5}}""", "settings.models.churn.highBelow")]
    [InlineData("""{"churn": []}""", "settings.models.churn")]
    public void Settings_ErrorsNameTheField(string json, string field)
    {
        var (settings, errors) = ModelSettings.Parse(JsonElement.Parse(json), "settings.models");

        Assert.Null(settings);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Settings_RoundTrip()
    {
        var (settings, _) = ModelSettings.Parse(JsonElement.Parse("""{"schedule": "0 3 * * *", "clv": {"highShare": 0.1}, "aipl": {"windowDays": 180}}"""), "m");
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            settings!.Write(writer);
        }

        var (again, errors) = ModelSettings.Parse(JsonElement.Parse(buffer.WrittenSpan), "m");

        Assert.Empty(errors);
        Assert.Equal(settings with { Aipl = AiplOptions.Default }, again! with { Aipl = AiplOptions.Default });
        Assert.Equal(settings.Aipl.InterestEvents, again.Aipl.InterestEvents);
        Assert.Equal(180, again.Aipl.WindowDays);
    }

    [Fact]
    public void Due_FromTheLastRun_SoMissedNightsRunOnce()
    {
        var settings = ModelSettings.Default with { Schedule = "0 3 * * *" };
        var applied = new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
        var firstRun = new DateTimeOffset(2026, 11, 1, 19, 0, 1, TimeSpan.Zero);
        var backAfterThreeNights = new DateTimeOffset(2026, 11, 4, 19, 0, 1, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 19, 0, 0, TimeSpan.Zero), settings.DueAt(null, applied)); // before any run
        Assert.True(settings.DueAt(firstRun, applied) <= backAfterThreeNights); // three nights missed: due
        Assert.Equal(new DateTimeOffset(2026, 11, 5, 19, 0, 0, TimeSpan.Zero), settings.DueAt(backAfterThreeNights, applied)); // once
        Assert.Null(ModelSettings.Default.DueAt(firstRun, applied));
    }

    [Fact]
    public void Schedule_RunsInTheWorkspaceTimeZone()
    {
        var settings = ModelSettings.Default with { Schedule = "0 3 * * *" };

        // 03:00 in UTC+8 is 19:00 UTC the day before.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 19, 0, 0, TimeSpan.Zero), settings.NextRun(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 19, 0, 0, TimeSpan.Zero), settings.NextRun(new DateTimeOffset(2026, 11, 1, 19, 0, 0, TimeSpan.Zero)));
        Assert.Null(ModelSettings.Default.NextRun(DateTimeOffset.UnixEpoch));
    }
}

using Helix.Core.Analytics;
using Helix.Core.Analytics.Attribution;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Tests.Analytics;

/// <summary>Each model against examples worked by hand, and the Markov example from the attribution literature.</summary>
public sealed class AttributionModelsTests
{
    private const double Tolerance = 1e-12;

    private static readonly Touch[] Three = [new("a", 14), new("b", 7), new("c", 0)];

    [Theory]
    [InlineData(AttributionModel.FirstTouch, new[] { 1.0, 0, 0 })]
    [InlineData(AttributionModel.LastTouch, new[] { 0, 0, 1.0 })]
    [InlineData(AttributionModel.Linear, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 })]
    [InlineData(AttributionModel.PositionBased, new[] { 0.4, 0.2, 0.4 })]
    // Half-life 7 days: ages 14, 7, 0 weigh 1/4, 1/2, 1, out of 7/4.
    [InlineData(AttributionModel.TimeDecay, new[] { 1 / 7.0, 2 / 7.0, 4 / 7.0 })]
    public void ThreeTouches_ShareAsDefined(AttributionModel model, double[] expected)
    {
        var shares = RuleBasedAttribution.Shares(model, Three, 7);

        Assert.Equal(expected, shares, (x, y) => Math.Abs(x - y) < Tolerance);
    }

    [Fact]
    public void PositionBased_SharesTheMiddleEvenly_AndSplitsTwoTouches()
    {
        var four = RuleBasedAttribution.Shares(AttributionModel.PositionBased, [.. Three, new("d", 0)], 7);
        var two = RuleBasedAttribution.Shares(AttributionModel.PositionBased, Three[..2], 7);

        Assert.Equal([0.4, 0.1, 0.1, 0.4], four, (x, y) => Math.Abs(x - y) < Tolerance);
        Assert.Equal([0.5, 0.5], two);
    }

    [Fact]
    public void TimeDecay_VeryOldTouches_StillShareByRelativeAge()
    {
        var shares = RuleBasedAttribution.Shares(AttributionModel.TimeDecay, [new("a", 100_001), new("b", 100_000)], 1);

        Assert.Equal([1 / 3.0, 2 / 3.0], shares, (x, y) => Math.Abs(x - y) < Tolerance);
    }

    /// <summary>
    /// The classic example (Anderl et al.; Bryl's ChannelAttribution walk-through): C1 → C2 → C3 → conversion,
    /// C1 → null, C2 → C3 → null. P(conversion) = 2/3·1/2·1·1/2 + 1/3·1·1/2 = 1/3; without C1 it is 1/6, without C2
    /// or C3 it is 0: removal effects 0.5, 1, 1, so the one conversion is shared 0.2, 0.4, 0.4.
    /// </summary>
    [Fact]
    public void Markov_TextbookExample_GivesTheKnownRemovalEffects()
    {
        Journey[] journeys = [new(["c1", "c2", "c3"], 1, 0), new(["c1"], 0, 1), new(["c2", "c3"], 0, 1)];

        var result = MarkovAttribution.Compute(journeys);

        Assert.Equal(1 / 3.0, result.ConversionProbability, 12);
        Assert.Equal([0.5, 1, 1], [.. new[] { "c1", "c2", "c3" }.Select(c => Math.Round(result.RemovalEffects[c], 12))]);
        Assert.Equal([0.2, 0.4, 0.4], [.. new[] { "c1", "c2", "c3" }.Select(c => Math.Round(result.Credits[c], 12))]);
    }

    [Fact]
    public void Markov_RepeatedChannelInARow_ChangesNothing()
    {
        Journey[] plain = [new(["c1", "c2", "c3"], 1, 0), new(["c1"], 0, 1), new(["c2", "c3"], 0, 1)];
        Journey[] repeated = [new(["c1", "c1", "c2", "c3", "c3"], 1, 0), new(["c1"], 0, 1), new(["c2", "c2", "c3"], 0, 1)];

        var expected = MarkovAttribution.Compute(plain);
        var merged = MarkovAttribution.Compute(Journey.Merge(repeated));
        var raw = MarkovAttribution.Compute(repeated);

        Assert.Equal(expected.Credits, merged.Credits);
        Assert.All(expected.Credits, c => Assert.Equal(c.Value, raw.Credits[c.Key], 12));
    }

    /// <summary>The glove game: player 0 holds a left glove, 1 and 2 a right one; a pair is worth 1. Shapley: 2/3, 1/6, 1/6.</summary>
    [Fact]
    public void ShapleyValues_GloveGame()
    {
        var values = ShapleyAttribution.Values(3, s => (s & 1) != 0 && (s & 6) != 0 ? 1 : 0);

        Assert.Equal([2 / 3.0, 1 / 6.0, 1 / 6.0], values, (x, y) => Math.Abs(x - y) < Tolerance);
    }

    /// <summary>
    /// Ten journeys each through {A} (2 convert), {B} (4) and {A, B} (6): v(A) = 0.2, v(B) = 0.4, v(AB) = 12/30 = 0.4.
    /// φA = ½·0.2 + ½·(0.4 − 0.4) = 0.1 and φB = ½·0.4 + ½·(0.4 − 0.2) = 0.3, so the 12 conversions split 3 and 9.
    /// </summary>
    [Fact]
    public void Shapley_TwoChannelExample_SplitsByRates()
    {
        Journey[] journeys = [new(["a"], 2, 8), new(["b"], 4, 6), new(["a", "b"], 3, 2), new(["b", "a"], 3, 2)];

        var credits = ShapleyAttribution.Credits(journeys);

        Assert.Equal(3, credits["a"], 12);
        Assert.Equal(9, credits["b"], 12);
    }

    [Fact]
    public void Shapley_MoreChannelsThanTheCap_IsAnErrorNamingModels()
    {
        var journeys = Enumerable.Range(0, ShapleyAttribution.MaxChannels + 1).Select(i => new Journey([$"c{i}"], 1, 0)).ToList();
        var query = Query([AttributionModel.Linear, AttributionModel.Shapley]);
        var paths = journeys.Select(j => new ConversionPath([new Touch(j.Channels[0], 1)], 0)).ToList();

        var (result, error) = AttributionCalculator.Compute(query, paths, []);
        var (withoutShapley, none) = AttributionCalculator.Compute(Query([AttributionModel.Linear, AttributionModel.Markov]), paths, []);

        Assert.Null(result);
        Assert.Equal("models", error!.Field);
        Assert.Throws<ArgumentException>(() => ShapleyAttribution.Credits(journeys));
        Assert.Null(none);
        Assert.Equal(13, withoutShapley!.Channels.Count);
    }

    [Fact]
    public void Calculator_CountsDirectConversions_AndSharesValue()
    {
        ConversionPath[] paths = [new([new("s:email", 2), new("s:ads", 1)], 100), new([], 30), new([new("s:ads", 0)], 50)];

        var (result, _) = AttributionCalculator.Compute(Query([AttributionModel.LastTouch, AttributionModel.FirstTouch]), paths, [new(["s:email"], 0, 4)]);

        Assert.Equal((3L, 1L, 180m, 30m, 4L), (result!.Conversions, result.Direct, result.Value, result.DirectValue, result.NonConvertingJourneys));
        var ads = result.Channels[0];
        Assert.Equal(("s:ads", 2L), (ads.Channel.Key, ads.Touches));
        Assert.Equal(2.0, ads.Conversions["lastTouch"]);
        Assert.Equal(150.0, ads.Value["lastTouch"]);
        Assert.Equal(1.0, ads.Conversions["firstTouch"]);
        Assert.Null(ads.RemovalEffect);
    }

    internal static AttributionQuery Query(IReadOnlyList<AttributionModel> models) => new(
        new AnalyticsRange(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), AnalyticsInterval.Day, TimeZoneInfo.Utc),
        EventFilter.Track("Order Completed"), EventFilter.Track("Visit"), "channel", 30, models, 7, null, null);
}

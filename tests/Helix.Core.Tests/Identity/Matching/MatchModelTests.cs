using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

public sealed class MatchModelTests
{
    private static readonly MatchField[] Fields =
    [
        new("given_name", ComparatorKind.JaroWinkler),
        new("date_of_birth", ComparatorKind.Date),
    ];

    private static readonly MatchModel Model = new(
        Fields,
        [
            new FieldProbabilities([0.05, 0.05, 0.10, 0.80], [0.80, 0.10, 0.0125, 0.0875]),
            new FieldProbabilities([0.10, 0.10, 0.10, 0.70], [0.90, 0.05, 0.04, 0.01]),
        ],
        lambda: 0.5);

    [Fact]
    public void Weight_IsLog2OfMOverU_AndZeroWhenMissing()
    {
        Assert.Equal(3.0, Model.Weight(0, ComparisonLevel.Close), 12);
        Assert.Equal(-4.0, Model.Weight(0, ComparisonLevel.Disagree), 12);
        Assert.Equal(0.0, Model.Weight(0, ComparisonLevel.Missing));
    }

    [Fact]
    public void Score_SumsTheFields_AndProbabilityFollowsFromLambda()
    {
        var score = Model.Score([ComparisonLevel.Close, ComparisonLevel.Missing]);

        Assert.Equal(3.0, score, 12);
        Assert.Equal(8.0 / 9.0, Model.MatchProbability(score), 12);
    }

    [Fact]
    public void Classify_ReturnsOnlyPairsAtOrAboveReview_WithTheirDecision()
    {
        var tables = MatchTables.Dedupe(
        [
            new MatchRecord("a", ["martha", "19990219"]),
            new MatchRecord("b", ["marhta", null]),
            new MatchRecord("c", ["martha", "19850704"]),
        ]);

        var candidates = Matcher.Classify(Model, tables, [new(0, 1), new(0, 2)], new MatchThresholds(review: 2.0, autoMerge: 5.0));

        var review = Assert.Single(candidates);
        Assert.Equal(("a", "b", MatchDecision.Review), (review.LeftId, review.RightId, review.Decision));
        Assert.Equal([ComparisonLevel.Close, ComparisonLevel.Missing], review.Levels);
    }

    [Theory]
    [InlineData(5.0, MatchDecision.AutoMerge)]
    [InlineData(4.99, MatchDecision.Review)]
    [InlineData(2.0, MatchDecision.Review)]
    [InlineData(1.99, MatchDecision.NoMatch)]
    public void Thresholds_AreInclusiveFromBelow(double score, MatchDecision expected)
    {
        Assert.Equal(expected, new MatchThresholds(2.0, 5.0).Decide(score));
    }

    [Fact]
    public void Thresholds_ReviewAboveAutoMerge_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatchThresholds(6.0, 5.0));
    }

    [Fact]
    public void Explain_NamesLevelSimilarityAndBits()
    {
        var evidence = Matcher.Explain(Model, new MatchRecord("a", ["martha", "19990219"]), new MatchRecord("b", ["marhta", ""]));

        Assert.Equal("given_name: close (jw 0.96), +3.0 bits", evidence[0].ToString());
        Assert.Equal("date_of_birth: missing, 0.0 bits", evidence[1].ToString());
    }
}

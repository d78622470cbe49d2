using FsCheck.Xunit;
using Helix.Core.Analytics.CustomerValue;
using Helix.Core.Models;

namespace Helix.Core.Tests.Analytics.CustomerValue;

/// <summary>The CLV summary over a fixed set of buyer values, by hand and as properties.</summary>
public sealed class ClvSummaryTests
{
    [Fact]
    public void TenBuyers_HandChecked()
    {
        // CLVs 10, 20, …, 100 (total 550); P(alive) 0.5 for odd ones, 1 for even ones; every third a repeat buyer.
        var analysis = Analysis(Enumerable.Range(1, 10).Select(i => (i * 10.0, i % 2 == 1 ? 0.5 : 1.0, i % 3 == 0 ? 2 : 0)));

        var summary = ClvSummary.Build(analysis, new ClvTierOptions());

        Assert.Equal((10, 3, 550.0, 55.0), (summary.Buyers, summary.RepeatBuyers, summary.TotalClv, summary.MeanClv!.Value));
        Assert.Equal(0.75, summary.ExpectedActiveShare!.Value, 12);
        Assert.Equal([10, 19, 28, 37, 46, 55, 64, 73, 82, 91, 100], summary.Deciles.Select(d => Math.Round(d.Value, 9)));
        // Top 10 %: 100 of 550; top 20 %: 190 of 550. Tiers: top 20 % high (2), next 30 % medium (3), the rest low.
        Assert.Equal((100 / 550.0, 190 / 550.0), (summary.Top10Share!.Value, summary.Top20Share!.Value));
        Assert.Equal([("high", 2, 190.0), ("medium", 3, 210.0), ("low", 5, 150.0)], summary.Tiers.Select(t => (t.Tier, t.Persons, t.Clv)));
    }

    [Fact]
    public void Segment_KeepsTheWorkspacesTiers_AndEmptyGivesNulls()
    {
        var analysis = Analysis(Enumerable.Range(1, 10).Select(i => (i * 10.0, 1.0, 0)));

        var lowest = ClvSummary.Build(analysis, new ClvTierOptions(), p => p < 2);
        var nobody = ClvSummary.Build(analysis, new ClvTierOptions(), _ => false);

        // Alone, the 10 and 20 would be a high and a low; in the workspace both are low.
        Assert.Equal([0, 0, 2], lowest.Tiers.Select(t => t.Persons));
        Assert.Equal((1.0 * 20 / 30, 20 / 30.0), (lowest.Top10Share!.Value, lowest.Top20Share!.Value));
        Assert.Equal((0, 0.0), (nobody.Buyers, nobody.TotalClv));
        Assert.True(nobody.MeanClv is null && nobody.ExpectedActiveShare is null && nobody.Top10Share is null && nobody.Deciles.Count == 0);
    }

    [Property(MaxTest = 200)]
    public bool Summary_IsConsistent(int seed)
    {
        var random = new Random(seed);
        var analysis = Analysis(Enumerable.Range(0, 1 + random.Next(80)).Select(_ => (Math.Round(random.NextDouble() * 500, 2), random.NextDouble(), random.Next(3))));
        var kept = analysis.Buyers.Select(b => b.Person).Where(_ => random.Next(3) > 0).ToHashSet();

        var summary = ClvSummary.Build(analysis, new ClvTierOptions(), kept.Contains);

        var values = analysis.Buyers.Where(b => kept.Contains(b.Person)).Select(b => b.Clv).ToList();
        var ascending = summary.Deciles.Select(d => d.Value).ToList();
        return summary.Buyers == kept.Count
            && Math.Abs(summary.TotalClv - values.Sum()) < 1e-6
            && summary.Tiers.Sum(t => t.Persons) == kept.Count
            && Math.Abs(summary.Tiers.Sum(t => t.Clv) - values.Sum()) < 1e-6
            && ascending.SequenceEqual(ascending.Order())
            && (values.Count == 0 || (ascending[0] == values.Min() && ascending[^1] == values.Max()))
            && (summary.Top10Share is not { } top10 || (top10 <= summary.Top20Share!.Value + 1e-12 && summary.Top20Share <= 1 + 1e-12 && top10 >= 0.1 - 1e-12));
    }

    /// <summary>An analysis whose buyer i (0-based) has the given CLV, P(alive) and repeat purchases; the fit itself is irrelevant here.</summary>
    private static ClvAnalysisResult<int> Analysis(IEnumerable<(double Clv, double Alive, int Repeats)> buyers)
    {
        var values = buyers.Select((b, i) => new BuyerValue<int>(i, new CustomerSummary(new PurchaseHistory(b.Repeats, b.Repeats, 10), 0), b.Alive, b.Repeats, b.Clv)).ToList();
        return new ClvAnalysisResult<int>(
            new BgNbdFit(new BgNbdModel(1, 1, 1, 1), 0, values.Count, 0), new GammaGammaFit(new GammaGammaModel(1, 2, 1), 0, 0, 0), 0, values);
    }
}

using FsCheck.Xunit;
using Helix.Core.Models;

namespace Helix.Core.Tests.Models;

public class RfmAnalysisTests
{
    // Hand-checked: five customers in five bins give cut points at the sorted values 1..4, so
    // R = 5 − #(cuts below the days), F and M = 1 + #(cuts below the value).
    private static readonly RfmObservation[] Table =
    [
        new(5, 10, 1000),  // A: scores 5 5 5
        new(20, 1, 800),   // B: 4 1 3
        new(200, 8, 900),  // C: 2 4 4
        new(300, 1, 500),  // D: 1 1 2
        new(60, 3, 50),    // E: 3 3 1
    ];

    [Fact]
    public void HandCheckedTable_ScoresAndGroupsByMean()
    {
        var result = RfmAnalysis.Run(Table);

        Assert.Equal([5, 20, 60, 200], result.CutPoints.RecencyDays);
        Assert.Equal([1, 1, 3, 8], result.CutPoints.Frequency);
        Assert.Equal(
            [new(5, 5, 5), new(4, 1, 3), new(2, 4, 4), new(1, 1, 2), new(3, 3, 1)],
            result.Customers.Select(c => c.Score));
        Assert.Equal((3.0, 2.8, 3.0), result.Reference);
        // B's M of 3 is not above the mean of 3, E's R of 3 neither: both low there.
        Assert.Equal(
            [RfmGroup.ImportantValue, RfmGroup.GeneralDevelop, RfmGroup.ImportantKeep, RfmGroup.GeneralRetain, RfmGroup.GeneralKeep],
            result.Customers.Select(c => c.Group));
    }

    [Fact]
    public void EqualIsHigh_MovesCustomersOnTheReference()
    {
        var result = RfmAnalysis.Run(Table, new RfmOptions(GroupRule: new RfmGroupRule(EqualIsHigh: true)));

        Assert.Equal(RfmGroup.ImportantDevelop, result.Customers[1].Group);
        Assert.Equal(RfmGroup.GeneralValue, result.Customers[4].Group);
    }

    [Fact]
    public void MedianReference_ComparesWithTheMedianScore()
    {
        var result = RfmAnalysis.Run(Table, new RfmOptions(GroupRule: new RfmGroupRule(RfmReference.Median)));

        Assert.Equal((3.0, 3.0, 3.0), result.Reference);
        // E's F of 3 is above the mean 2.8 but not above the median 3.
        Assert.Equal(RfmGroup.GeneralRetain, result.Customers[4].Group);
    }

    [Fact]
    public void FixedThresholds_ScoreWithoutThePopulation()
    {
        var cuts = new RfmCutPoints(recencyDays: [30, 90, 180], frequency: [1, 3, 6], monetary: [100, 500, 2000]);
        var rule = new RfmGroupRule(RfmReference.Fixed, FixedScores: (2.5, 2.5, 2.5));

        var result = RfmAnalysis.Run([new(30, 2, 2000.01), new(31, 1, 100)], new RfmOptions(CutPoints: cuts, GroupRule: rule));

        Assert.Equal(new RfmScore(4, 2, 4), result.Customers[0].Score);
        Assert.Equal(new RfmScore(3, 1, 1), result.Customers[1].Score);
        Assert.Equal(RfmGroup.ImportantDevelop, result.Customers[0].Group);
        Assert.Equal(RfmGroup.GeneralDevelop, result.Customers[1].Group);
    }

    [Fact]
    public void DescendingCutPoints_AreRejected() =>
        Assert.Throws<ArgumentException>(() => new RfmCutPoints([90, 30], [1], [1]));

    [Property(MaxTest = 300)]
    public bool EveryCustomer_GetsOneGroupAndScoresInRange(ushort[] recency, byte[] frequency, ushort[] monetary, byte bins)
    {
        var population = Population(recency, frequency, monetary);
        var binCount = 2 + (bins % 9);

        var result = RfmAnalysis.Run(population, new RfmOptions(binCount));

        return result.Customers.Count == population.Count
            && result.Customers.All(c => Enum.IsDefined(c.Group)
                && c.Score.R is >= 1 && c.Score.R <= binCount
                && c.Score.F is >= 1 && c.Score.F <= binCount
                && c.Score.M is >= 1 && c.Score.M <= binCount);
    }

    [Property(MaxTest = 300)]
    public bool RaisingMonetary_NeverLowersTheMScore(ushort[] recency, byte[] frequency, ushort[] monetary, ushort raise, int pick)
    {
        var population = Population(recency, frequency, monetary);
        if (population.Count == 0)
        {
            return true;
        }

        var i = (int)((uint)pick % population.Count);
        var raised = population.ToArray();
        raised[i] = raised[i] with { Monetary = raised[i].Monetary + raise };

        // The cut points are recomputed from the changed population: the score must still not fall.
        return RfmAnalysis.Run(raised).Customers[i].Score.M >= RfmAnalysis.Run(population).Customers[i].Score.M;
    }

    [Property(MaxTest = 200)]
    public bool InputOrder_DoesNotChangeAnyonesResult(ushort[] recency, byte[] frequency, ushort[] monetary, int seed)
    {
        var population = Population(recency, frequency, monetary);
        var order = Enumerable.Range(0, population.Count).ToArray();
        new Random(seed).Shuffle(order);

        var original = RfmAnalysis.Run(population).Customers;
        var shuffled = RfmAnalysis.Run([.. order.Select(k => population[k])]).Customers;

        return order.Select((k, position) => shuffled[position] == original[k]).All(same => same);
    }

    [Property(MaxTest = 200)]
    public bool EqualValues_GetEqualScores(ushort[] recency, byte[] frequency, ushort[] monetary)
    {
        var population = Population(recency, frequency, monetary);
        var duplicated = population.Concat(population).ToList();

        var result = RfmAnalysis.Run(duplicated).Customers;

        return Enumerable.Range(0, population.Count).All(k => result[k] == result[k + population.Count]);
    }

    // Small value ranges on purpose: many ties, which is where quantile scoring goes wrong.
    private static List<RfmObservation> Population(ushort[] recency, byte[] frequency, ushort[] monetary) =>
        [.. recency.Zip(frequency, monetary).Select(v => new RfmObservation(v.First % 400, v.Second % 12, v.Third % 50 * 10.5))];
}

using FsCheck.Xunit;
using Helix.Core.Analytics.CustomerValue;
using Helix.Core.Models;
using Helix.Core.Profiles;

namespace Helix.Core.Tests.Analytics.CustomerValue;

/// <summary>The R × F matrix, the groups and the movement between groups, by hand and as properties.</summary>
public sealed class RfmMatrixTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CompareTo = AsOf.AddDays(-100);

    // RfmAnalysisTests' hand-checked table: cut points R [5, 20, 60, 200], F [1, 1, 3, 8], M [50, 500, 800, 900],
    // reference scores (3, 2.8, 3). A 5 5 5 important value, B 4 1 3 general develop, C 2 4 4 important keep,
    // D 1 1 2 general retain, E 3 3 1 general keep.
    private static readonly OrderSummary[] Buyers =
    [
        Buyer("A", 5, 10, 1000), Buyer("B", 20, 1, 800), Buyer("C", 200, 8, 900), Buyer("D", 300, 1, 500), Buyer("E", 60, 3, 50),
    ];

    [Fact]
    public void HandCheckedTable_FillsTheCellsOfItsRAndFScores_AndTheGroups()
    {
        var result = RfmMatrix.Build(Buyers, AsOf, 5);

        Assert.Equal((5, 3250.0), (result.Buyers, result.Revenue));
        Assert.Equal(25, result.Cells.Count);
        Assert.Equal([(5, 5, 1000.0), (4, 1, 800.0), (3, 3, 50.0), (2, 4, 900.0), (1, 1, 500.0)],
            result.Cells.Where(c => c.Persons > 0).Select(c => (c.R, c.F, c.MeanMonetary!.Value)));
        Assert.All(result.Cells.Where(c => c.Persons == 0), c => Assert.Null(c.MeanMonetary));
        var important = result.Groups.Single(g => g.Group == RfmGroup.ImportantValue);
        Assert.Equal((1, 1000.0, 0.2, 1000 / 3250.0), (important.Persons, important.Revenue, important.Share, important.RevenueShare));
        Assert.Equal(0, result.Groups.Single(g => g.Group == RfmGroup.GeneralValue).Persons);
        Assert.Null(result.Movement);
    }

    [Fact]
    public void Segment_CountsOnlyItsBuyers_OnTheWholeWorkspacesYardstick()
    {
        var result = RfmMatrix.Build(Buyers, AsOf, 5, p => p.Value is "A" or "B");

        Assert.Equal((2, 1800.0), (result.Buyers, result.Revenue));
        Assert.Equal([5.0, 20, 60, 200], result.CutPoints.RecencyDays);
        Assert.Equal(
            [(RfmGroup.ImportantValue, 1, 0.5), (RfmGroup.GeneralDevelop, 1, 0.5)],
            result.Groups.Where(g => g.Persons > 0).Select(g => (g.Group, g.Persons, g.Share!.Value)));
    }

    [Fact]
    public void Movement_ScoresTheEarlierBuyers_OnAsOfsCutPoints()
    {
        // 100 days earlier: A had 4 orders worth 400 and last bought 20 days before (R 4 F 4 M 2: general value);
        // B had not bought; C and D had their orders already (recency 100 and 200: R 2); E had 2 orders worth 30,
        // the last 50 days before (R 3 F 3 M 1: general keep).
        OrderSummary[] earlier = [Buyer("A", 120, 4, 400), Buyer("C", 200, 8, 900), Buyer("D", 300, 1, 500), Buyer("E", 150, 2, 30)];

        var movement = RfmMatrix.Build(Buyers, AsOf, 5, earlier: earlier, compareTo: CompareTo).Movement!;

        var moves = Enumerable.Range(0, movement.From.Count)
            .SelectMany(row => Enumerable.Range(0, movement.To.Count).Select(column => (From: movement.From[row], To: movement.To[column], Persons: movement.Persons[row][column])))
            .Where(m => m.Persons > 0).Select(m => (m.From, m.To)).ToHashSet();
        Assert.Equal(9, movement.From.Count);
        Assert.Null(movement.From[0]);
        Assert.Equal(
            [(RfmGroup.GeneralValue, RfmGroup.ImportantValue), (RfmGroup.ImportantKeep, RfmGroup.ImportantKeep), (null, RfmGroup.GeneralDevelop),
             (RfmGroup.GeneralKeep, RfmGroup.GeneralKeep), (RfmGroup.GeneralRetain, RfmGroup.GeneralRetain)],
            moves.OrderBy(m => m.To));
        Assert.Equal(5, movement.Persons.Sum(row => row.Sum()));
    }

    [Property(MaxTest = 200)]
    public bool MovementRows_AreTheGroupsAtCompareTo_AndColumnsTheGroupsAtAsOf(int seed)
    {
        var random = new Random(seed);
        var (buyers, earlier) = World(random);
        var kept = buyers.Where(_ => random.Next(3) > 0).Select(b => b.Person).ToHashSet();

        var result = RfmMatrix.Build(buyers, AsOf, 2 + random.Next(9), kept.Contains, earlier, CompareTo);

        // The groups at compareTo on asOf's yardstick, scored independently.
        var yardstick = new RfmOptions(result.CutPoints.Frequency.Count + 1, result.CutPoints, new RfmGroupRule(RfmReference.Fixed, FixedScores: result.Reference));
        var before = RfmAnalysis.Run([.. earlier.Select(b => RfmObservation.Of(b, CompareTo))], yardstick).Customers;
        var countedBefore = earlier.Select((b, i) => (b.Person, before[i].Group)).Where(b => kept.Contains(b.Person)).ToList();
        var movement = result.Movement!;
        var rowsMatch = movement.From.Select((from, row) => movement.Persons[row].Sum() == (from is { } g
            ? countedBefore.Count(b => b.Group == g)
            : kept.Count - countedBefore.Count)).All(ok => ok);
        var columnsMatch = result.Groups.Select((g, column) => movement.Persons.Sum(row => row[column]) == g.Persons).All(ok => ok);
        return rowsMatch && columnsMatch
            && result.Cells.Sum(c => c.Persons) == kept.Count && result.Groups.Sum(g => g.Persons) == kept.Count
            && Math.Abs(result.Cells.Sum(c => c.Revenue) - result.Revenue) < 1e-6;
    }

    /// <summary>A buyer who was, at compareTo, exactly what they are at asOf (same recency, orders and spend) has not moved, whoever else changed.</summary>
    [Property(MaxTest = 200)]
    public bool UnchangedBuyers_StayInTheirGroup(int seed)
    {
        var random = new Random(seed);
        var (buyers, _) = World(random);
        var shift = AsOf - CompareTo;
        var unchanged = buyers.Where(_ => random.Next(2) == 0).Select(b => b with { LastOrder = b.LastOrder - shift }).ToList();

        var movement = RfmMatrix.Build(buyers, AsOf, 5, earlier: unchanged, compareTo: CompareTo).Movement!;

        var offDiagonal = Enumerable.Range(1, movement.From.Count - 1).Sum(row => movement.Persons[row].Where((_, column) => column != row - 1).Sum());
        return offDiagonal == 0 && movement.Persons.Skip(1).Sum(row => row.Sum()) == unchanged.Count;
    }

    /// <summary>Buyers at asOf, and for some of them what they were at compareTo: fewer orders, less spent, an order no later than compareTo.</summary>
    private static (List<OrderSummary> Buyers, List<OrderSummary> Earlier) World(Random random)
    {
        var buyers = Enumerable.Range(0, random.Next(60))
            .Select(i => Buyer($"p{i}", random.Next(400), 1 + random.Next(12), Math.Round(random.NextDouble() * 2000, 2)))
            .ToList();
        var earlier = buyers.Where(_ => random.Next(2) == 0)
            .Select(b => b with { LastOrder = CompareTo.AddDays(-random.Next(300)), Orders = 1 + random.Next((int)b.Orders), Revenue = Math.Round(b.Revenue * random.NextDouble(), 2) })
            .ToList();
        return (buyers, earlier);
    }

    private static OrderSummary Buyer(string id, int daysAgo, long orders, double revenue) => new(new PersonId(id), AsOf.AddDays(-daysAgo), orders, revenue);
}

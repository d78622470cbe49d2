using System.Globalization;
using FsCheck.Xunit;
using Helix.Core.Analytics;
using Helix.Core.Analytics.CustomerValue;
using Helix.Core.Models;
using Helix.Core.Profiles;

namespace Helix.Core.Tests.Analytics.CustomerValue;

/// <summary>Stages at each boundary and the flows between them, by hand, against a per-boundary brute force, and conserving persons.</summary>
public sealed class LifecycleFlowTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LifecycleThresholds Short = new(2, 5, 10);

    [Fact]
    public void HandChecked_StagesAtEachBoundary_AndTheirFlows()
    {
        // New for 2 days, at risk after 5 silent days, churned after 10. Boundaries at days 0, 3, 6 and 12.
        PersonActivity[] persons =
        [
            new(new PersonId("p1"), Day(-1), null), // ordered on day 1: new, active, at risk, churned
            new(new PersonId("p2"), Day(4), null),  // never orders: not seen, not seen, active (2 days), at risk (8)
            new(new PersonId("p3"), Day(-20), null), // ordered on days −20 and 10: churned three times, then active
        ];
        PersonOrder[] orders = [new(new("p1"), Day(1), 5), new(new("p3"), Day(-20), 5), new(new("p3"), Day(10), 5), new(new("other"), Day(2), 5)];

        var result = LifecycleFlow.Build(persons, orders, [Day(0), Day(3), Day(6), Day(12)], Short);

        Assert.Equal(3, result.Persons);
        Assert.Equal(
            ["0 - 1", "0 New 1", "0 Churned 1", "1 - 1", "1 Active 1", "1 Churned 1", "2 Active 1", "2 AtRisk 1", "2 Churned 1", "3 Active 1", "3 AtRisk 1", "3 Churned 1"],
            result.Nodes.Where(n => n.Persons > 0).Select(n => $"{n.Step} {n.Stage?.ToString() ?? "-"} {n.Persons}"));
        Assert.Equal(
            ["1 - - 1", "1 New Active 1", "1 Churned Churned 1", "2 - Active 1", "2 Active AtRisk 1", "2 Churned Churned 1",
             "3 Active AtRisk 1", "3 AtRisk Churned 1", "3 Churned Active 1"],
            result.Links.Select(l => $"{l.Step} {l.From?.ToString() ?? "-"} {l.To?.ToString() ?? "-"} {l.Persons}"));
    }

    [Fact]
    public void AnOrderAtTheBoundary_CountsAtIt()
    {
        PersonActivity[] persons = [new(new PersonId("p"), Day(-30), null)];

        var result = LifecycleFlow.Build(persons, [new(new("p"), Day(0), 1)], [Day(0)], Short);

        Assert.Equal(LifecycleStage.Active, result.Nodes.Single(n => n.Persons > 0).Stage);
    }

    [Fact]
    public void Boundaries_AreEachBucketsMidnightInTheZone_ThenTheMidnightAfterTo()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var saoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");

        var weeks = LifecycleFlow.Boundaries(new AnalyticsRange(new(2026, 11, 1), new(2026, 11, 30), AnalyticsInterval.Week, shanghai));
        // Daylight saving began in São Paulo at midnight on 2018-11-04: the day started at 01:00 (03:00 UTC).
        var skipped = LifecycleFlow.Boundaries(new AnalyticsRange(new(2018, 11, 3), new(2018, 11, 4), AnalyticsInterval.Day, saoPaulo));

        Assert.Equal(["10-31T16", "11-01T16", "11-08T16", "11-15T16", "11-22T16", "11-29T16", "11-30T16"], weeks.Select(b => b.ToString("MM-ddTHH", CultureInfo.InvariantCulture)));
        Assert.Equal([new DateTimeOffset(2018, 11, 3, 3, 0, 0, TimeSpan.Zero), new(2018, 11, 4, 3, 0, 0, TimeSpan.Zero), new(2018, 11, 5, 2, 0, 0, TimeSpan.Zero)], skipped);
    }

    [Property(MaxTest = 200)]
    public bool Counts_MatchEachBoundaryAlone_AndFlowsConservePersons(int seed)
    {
        var random = new Random(seed);
        var persons = Enumerable.Range(0, random.Next(40)).Select(i => new PersonActivity(new PersonId($"p{i}"), Day(random.Next(-40, 40)), null)).ToList();
        var orders = persons.SelectMany(p => Enumerable.Range(0, random.Next(4)).Select(_ => new PersonOrder(p.Person, p.FirstSeen.AddHours(random.Next(-100, 1500)), 1))).ToList();
        var boundaries = Enumerable.Range(0, 1 + random.Next(8)).Select(k => Day(k * 7)).ToList();

        var result = LifecycleFlow.Build(persons, orders, boundaries, Short);

        var nodesMatch = boundaries.Select((at, step) => persons
            .GroupBy(p => p.FirstSeen > at ? null : (LifecycleStage?)Lifecycle.Stage(
                p.FirstSeen, orders.Where(o => o.Person == p.Person && o.At <= at).Select(o => (DateTimeOffset?)o.At).Max(), at, Short))
            .All(g => result.Nodes.Single(n => n.Step == step && n.Stage == g.Key).Persons == g.Count())).All(ok => ok);
        var sumsMatch = boundaries.Select((_, step) => result.Nodes.Where(n => n.Step == step).Sum(n => n.Persons) == persons.Count).All(ok => ok);
        var conserved = result.Nodes.All(n =>
            (n.Step == 0 || result.Links.Where(l => l.Step == n.Step && l.To == n.Stage).Sum(l => l.Persons) == n.Persons)
            && (n.Step == boundaries.Count - 1 || result.Links.Where(l => l.Step == n.Step + 1 && l.From == n.Stage).Sum(l => l.Persons) == n.Persons));
        return nodesMatch && sumsMatch && conserved && result.Nodes.Count == boundaries.Count * 5;
    }

    private static DateTimeOffset Day(int day) => Day0.AddDays(day);
}

using System.Globalization;
using System.Text.Json;
using Helix.Core.Analytics.Kpis;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>
/// Seeded random workspaces for the KPI set, drawn apart from <see cref="AnalyticsWorlds"/> (whose draws the other
/// tests depend on): the KPI events, track events named like the segments' ("A", "C"), page and identify calls (only
/// the first make a person active), revenue of every kind, each person over four weeks starting from a week before the ranges to after them, many
/// near midnight in Shanghai or New York; "now" anywhere from before the range to after it.
/// </summary>
internal static class KpiWorlds
{
    private static readonly DateTimeOffset Base = AnalyticsWorlds.Base;
    private static readonly string[] Names = ["A", "C", "Followed", "Order Completed", "Order Completed", "Coupon Received", "Coupon Applied"];
    private static readonly string[] Revenues = ["100", "12.50", "\"30\"", "\"x\"", "-5", "null", "{}"];

    public static List<WorldPerson> Persons(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 12)).Select(i => Person(random, i, random.Next(-7, 30)))];

    /// <summary>A person whose events begin on day <paramref name="first"/> and span up to four weeks, so many are new in the range.</summary>
    private static WorldPerson Person(Random random, int index, int first) => AudienceStoreFixture.Person(
        "p" + index.ToString(CultureInfo.InvariantCulture),
        random.Next(3) == 0 ? "{}" : """{"city": "a"}""",
        [.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => Event(random, first + random.Next(0, 28)))],
        random.Next(2) == 0 ? new Dictionary<string, string?> { ["vip"] = null } : null);

    private static CollectedMessage Event(Random random, int day)
    {
        var at = random.Next(4) switch
        {
            0 => Base.AddDays(day).AddHours(16).AddSeconds(random.Next(-600, 600)),
            1 => Base.AddDays(day).AddHours(4 + random.Next(2)).AddSeconds(random.Next(-600, 600)),
            _ => Base.AddDays(day).AddSeconds(random.Next(86400)),
        };
        var revenue = random.Next(4) == 0 ? "" : $$""", "revenue": {{Revenues[random.Next(Revenues.Length)]}}""";
        var message = AudienceStoreFixture.Event(Names[random.Next(Names.Length)], 0, $$"""{"cat": "{{(random.Next(2) == 0 ? "a" : "b")}}"{{revenue}}}""");
        message = random.Next(8) switch
        {
            0 => message with { Type = MessageType.Page, Event = null },
            1 => message with { Type = MessageType.Identify, Event = null },
            _ => message,
        };
        return message with { Timestamp = at, ReceivedAt = at };
    }

    public static KpiQuery Query(Random random)
    {
        int[][] retention = [[1, 7, 14, 30], [1, 2, 3], [2], [1, 5]];
        IReadOnlyList<PropertyCondition> where = random.Next(3) == 0 ? [new PropertyCondition("cat", ConditionOp.Eq, JsonElement.Parse("\"a\""))] : [];
        return new KpiQuery(AnalyticsWorlds.Range(random), EventFilter.Track("Followed"), EventFilter.Track("Order Completed") with { Where = where }, "revenue",
            EventFilter.Track("Coupon Received"), EventFilter.Track("Coupon Applied"), random.Next(1, 12), random.Next(1, 12), retention[random.Next(retention.Length)],
            AnalyticsWorlds.Segment(random));
    }

    public static DateTimeOffset Now(Random random) => Base.AddDays(random.Next(0, 45)).AddSeconds(random.Next(86400));
}

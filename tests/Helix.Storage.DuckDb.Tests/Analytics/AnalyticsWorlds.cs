using System.Globalization;
using System.Text.Json;
using Helix.Core.Analytics;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>
/// Seeded random workspaces for the analytics tests: events in March 2026 (New York starts daylight saving on the 8th),
/// many within minutes of midnight in Shanghai or New York, some sharing a timestamp; scalar properties of every
/// kind; traits and tags to break down by; and the query options drawn at random.
/// </summary>
internal static class AnalyticsWorlds
{
    internal static readonly DateTimeOffset Base = new(2026, 2, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["A", "B", "C"];
    private static readonly string[] Scalars = ["\"a\"", "\"b\"", "\"上海\"", "\"\"", "\"10\"", "\" 7 \"", "\"1_000\"", "0", "1", "2.5", "-3", "10", "12.50", "1e3", "true", "false", "null", "{}"];
    private static readonly string[] Zones = ["Asia/Shanghai", "America/New_York", "UTC"];
    private static readonly string?[] Segments = [null, null, "trait(\"city\") = \"a\"", "did(\"A\", count >= 2)", "tag(\"vip\")", "not did(\"C\")"];

    public static List<WorldPerson> Persons(Random random)
    {
        var shared = Base.AddDays(random.Next(20)).AddHours(16);
        return [.. Enumerable.Range(0, random.Next(0, 12)).Select(i => Person(random, i, shared))];
    }

    private static WorldPerson Person(Random random, int index, DateTimeOffset shared)
    {
        var traits = random.Next(4) == 0 ? "{}" : $$"""{"city": {{Pick(random, ["\"a\"", "\"b\"", "1", "12.50", "true"])}}}""";
        var events = Enumerable.Range(0, random.Next(0, 24)).Select(_ => Event(random, shared)).ToList();
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (random.Next(3) > 0)
        {
            tags["vip"] = random.Next(3) switch { 0 => null, 1 => "gold", _ => "silver" };
        }

        return AudienceStoreFixture.Person("p" + index.ToString(CultureInfo.InvariantCulture), traits, events, tags);
    }

    private static CollectedMessage Event(Random random, DateTimeOffset shared)
    {
        var at = random.Next(6) switch
        {
            // Around midnight in Shanghai (16:00 UTC) or New York (04:00/05:00 UTC), a shared instant, or any second.
            0 or 1 => Base.AddDays(random.Next(26)).AddHours(16).AddSeconds(random.Next(-600, 600)),
            2 => Base.AddDays(random.Next(26)).AddHours(4 + random.Next(2)).AddSeconds(random.Next(-600, 600)),
            3 => shared.AddMinutes(random.Next(3)),
            _ => Base.AddSeconds(random.Next(26 * 86400)),
        };
        var properties = $$"""{"x": {{Pick(random, Scalars)}}, "cat": {{Pick(random, ["\"a\"", "\"b\""])}}}""";
        var message = AudienceStoreFixture.Event(Pick(random, Names), 0, properties);
        return message with { Timestamp = at, ReceivedAt = at };
    }

    public static AnalyticsRange Range(Random random, bool retention = false)
    {
        var from = DateOnly.FromDateTime(Base.AddDays(retention ? random.Next(0, 4) : random.Next(3, 14)).DateTime);
        var interval = retention ? (AnalyticsInterval)random.Next(2) : (AnalyticsInterval)random.Next(3);
        return new AnalyticsRange(from, from.AddDays(random.Next(0, 20)), interval, TimeZoneInfo.FindSystemTimeZoneById(Pick(random, Zones)));
    }

    public static Condition? Segment(Random random) =>
        Pick(random, Segments) is { } text ? AudienceText.Parse(text).Condition : null;

    public static Breakdown? Breakdown(Random random) => random.Next(5) switch
    {
        0 => new Breakdown(BreakdownSource.Property, "x", random.Next(1, 6)),
        1 => new Breakdown(BreakdownSource.Trait, "city", random.Next(1, 4)),
        2 => new Breakdown(BreakdownSource.Tag, "vip", random.Next(1, 4)),
        _ => null,
    };

    public static EventFilter Filter(Random random)
    {
        var names = random.Next(4) == 0 ? new[] { Pick(random, Names), Pick(random, Names) } : [Pick(random, Names)];
        IReadOnlyList<PropertyCondition> where = random.Next(3) == 0 ? [new PropertyCondition("cat", ConditionOp.Eq, JsonElement.Parse("\"a\""))] : [];
        return new EventFilter(MessageType.Track, names, where);
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    public static WorkspaceId Workspace(int seed, string kind) => new($"{kind}{seed.ToString(CultureInfo.InvariantCulture)}");
}

using System.Globalization;
using System.Text.Json;
using FsCheck.Xunit;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Workspaces;
using static Helix.Core.Tests.ComputedTraits.TraitEvents;

namespace Helix.Core.Tests.ComputedTraits;

/// <summary>
/// Random histories and definitions: the incremental state agrees with a brute-force reference over
/// the events in the window, whatever the order, the split between merged persons, storage or pruning.
/// </summary>
public sealed class ComputedTraitStatePropertyTests
{
    private static readonly DateTimeOffset Base = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Paths =
        ["properties.total", "properties.products[].category", "source", "hour", "weekday", "event", "timestamp", "context.page.path"];

    private static readonly string?[] Windows = [null, "1d", "7d", "30d", "1h", "3h", "25h"];

    private static readonly string[] Filters =
    [
        """ "event": "Order Completed" """,
        """ "type": "any" """,
        """ "event": ["Order Completed", "Product Viewed"], "where": [{"property": "total", "op": "gte", "value": 50}] """,
    ];

    [Property(MaxTest = 300)]
    public bool ObserveInAnyOrder_EqualsTheReference(int seed)
    {
        var (definition, events, now) = Scenario(seed);
        var shuffled = events.ToArray();
        new Random(seed).Shuffle(shuffled);

        var forward = Fold(definition, events);
        var mixed = Fold(definition, shuffled);

        var expected = Reference(definition, events, now);
        return Same(expected, forward.Value(definition, now)) && Same(expected, mixed.Value(definition, now));
    }

    [Property(MaxTest = 300)]
    public bool AbsorbOfASplit_EqualsOneStateOfAll(int seed)
    {
        var (definition, events, now) = Scenario(seed);
        var random = new Random(~seed);
        var toLeft = events.Select(_ => random.Next(2) == 0).ToArray();

        var all = Fold(definition, events);
        var left = Fold(definition, events.Where((_, i) => toLeft[i]));
        var right = Fold(definition, events.Where((_, i) => !toLeft[i]));
        var reverse = Fold(definition, events.Where((_, i) => !toLeft[i]));
        left.Absorb(right);
        reverse.Absorb(Fold(definition, events.Where((_, i) => toLeft[i])));

        return new[] { left, reverse }.All(merged =>
            merged.Raw(definition, now) == all.Raw(definition, now)
            && merged.NextChange(definition, now) == all.NextChange(definition, now));
    }

    [Property(MaxTest = 300)]
    public bool WriteThenRead_KeepsTheValue(int seed)
    {
        var (definition, events, now) = Scenario(seed);
        var state = Fold(definition, events);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            state.WriteTo(writer);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        var read = ComputedTraitState.ReadFrom(document.RootElement);
        return read.Raw(definition, now) == state.Raw(definition, now)
            && read.NextChange(definition, now) == state.NextChange(definition, now)
            && read.IsEmpty == state.IsEmpty;
    }

    [Property(MaxTest = 300)]
    public bool Prune_NeverChangesTheValue(int seed)
    {
        var (definition, events, now) = Scenario(seed);
        var state = Fold(definition, events);
        var later = new[] { now, now.AddHours(5), now.AddDays(3), now.AddDays(40) };
        var before = later.Select(at => state.Raw(definition, at)).ToList();

        state.Prune(definition, now);

        return later.Select(at => state.Raw(definition, at)).SequenceEqual(before);
    }

    [Property(MaxTest = 200)]
    public bool NextChange_IsWhenTheValueFirstChanges(int seed)
    {
        var (definition, events, now) = Scenario(seed);
        var state = Fold(definition, events);

        var next = state.NextChange(definition, now);

        // Values only change at hour boundaries, so checking each hour up to the change is exhaustive.
        var current = state.Raw(definition, now);
        var end = next ?? now.AddDays(32);
        for (var at = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddHours(1); at < end; at = at.AddHours(1))
        {
            if (state.Raw(definition, at) != current)
            {
                return false;
            }
        }

        return next is null || state.Raw(definition, next.Value) != current;
    }

    private static (ComputedTraitDefinition Definition, List<CollectedMessage> Events, DateTimeOffset Now) Scenario(int seed)
    {
        var random = new Random(seed);
        var function = (AggregateFunction)random.Next(Enum.GetValues<AggregateFunction>().Length);
        var needsOf = function is not (AggregateFunction.Count or AggregateFunction.First or AggregateFunction.Last);
        var of = needsOf || random.Next(2) == 0 ? $""", "of": "{Paths[random.Next(Paths.Length)]}" """ : "";
        var window = Windows[random.Next(Windows.Length)] is { } w ? $""", "window": "{w}" """ : "";
        // Half the sums are net: refunds taken away.
        var subtract = function == AggregateFunction.Sum && random.Next(2) == 0 ? """, "subtract": {"event": "Order Refunded"}""" : "";
        var json = $$"""{"name": "t", "function": "{{Wire(function)}}", {{Filters[random.Next(Filters.Length)]}} {{of}} {{window}} {{subtract}}}""";
        var definition = Definition(json);

        // A month of history in minutes, a few events from the future, and now somewhere in the last days.
        var now = Base.AddMinutes(random.Next(27 * 24 * 60, 31 * 24 * 60));
        var events = new List<CollectedMessage>();
        for (var i = random.Next(30); i > 0; i--)
        {
            var at = Base.AddMinutes(random.Next(0, 32 * 24 * 60)).AddSeconds(random.Next(60));
            var received = at.AddMinutes(random.Next(0, 3 * 24 * 60));
            events.Add(Message(
                random.Next(4) switch { 0 => "Product Viewed", 1 => "Order Refunded", _ => "Order Completed" },
                at,
                Properties(random),
                source: $"src_{random.Next(3)}",
                type: random.Next(5) == 0 ? MessageType.Page : MessageType.Track,
                received: received < now ? received : now) with
            {
                Context = random.Next(2) == 0 ? JsonDocument.Parse($$$"""{"page": {"path": "/p{{{random.Next(3)}}}"}}""").RootElement.Clone() : null,
            });
        }

        return (definition, events, now);
    }

    private static string Properties(Random random)
    {
        var total = random.Next(5) switch
        {
            0 => "",
            1 => $""" "total": "{random.Next(200)}", """,
            2 => """ "total": "n/a", """,
            _ => $""" "total": {(random.Next(20000) / 100m).ToString(CultureInfo.InvariantCulture)}, """,
        };
        // Now and then a number among the category strings: values of mixed kinds.
        var products = Enumerable.Range(0, random.Next(4))
            .Select(_ => random.Next(6) == 0 ? """{"category": 7}""" : $$"""{"category": "c{{random.Next(4)}}"}""");
        return $$"""{ {{total}} "products": [{{string.Join(", ", products)}}] }""";
    }

    private static string Wire(AggregateFunction function) =>
        JsonNamingPolicy.CamelCase.ConvertName(function.ToString());

    /// <summary>The trait computed directly over the events inside the window at <paramref name="now"/>.</summary>
    private static object? Reference(ComputedTraitDefinition definition, List<CollectedMessage> events, DateTimeOffset now)
    {
        // An event the filter matches counts; otherwise one the subtract filter matches counts negatively.
        static int Sign(ComputedTraitDefinition d, CollectedMessage e) => d.Filter.Matches(e) ? 1 : d.Subtract is { } minus && minus.Matches(e) ? -1 : 0;
        var counted = events
            .Where(e => Sign(definition, e) != 0 && InWindow(definition.Window, e.Timestamp, now))
            .Select(e => (Event: e, Values: definition.Of is { } of ? Values(of.Text, e) : [Iso(e.Timestamp)]))
            .Where(e => e.Values.Count > 0)
            .ToList();
        var values = counted.SelectMany(e => e.Values).ToList();
        var numbers = counted.SelectMany(e => e.Values.Select(v => (Sign: Sign(definition, e.Event), Value: v)))
            .Select(v => v.Value is decimal d ? v.Sign * d
                : v.Value is string s && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? v.Sign * n : (decimal?)null)
            .OfType<decimal>().ToList();
        var stamped = counted.SelectMany(e => e.Values.Select(v => (e.Event.Timestamp.UtcTicks, Key: Key(v), Value: v)))
            .OrderBy(s => s.UtcTicks).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        return definition.Function switch
        {
            AggregateFunction.Count => (decimal)counted.Count,
            AggregateFunction.Sum => numbers.Count > 0 ? numbers.Sum() : null,
            AggregateFunction.Avg => numbers.Count > 0 ? numbers.Sum() / numbers.Count : null,
            AggregateFunction.Min => numbers.Count > 0 ? numbers.Min() : null,
            AggregateFunction.Max => numbers.Count > 0 ? numbers.Max() : null,
            AggregateFunction.First => stamped.Count > 0 ? stamped[0].Value : null,
            AggregateFunction.Last => stamped.Count > 0 ? stamped[^1].Value : null,
            AggregateFunction.DistinctCount => (decimal)values.Select(Key).Distinct().Count(),
            _ => values.GroupBy(Key).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.First()).FirstOrDefault(),
        };
    }

    private static bool InWindow(TimeSpan? window, DateTimeOffset at, DateTimeOffset now)
    {
        if (window is not { } w)
        {
            return true;
        }

        if (w.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return WorkspaceTime.Day(at).DayNumber > WorkspaceTime.Day(now).DayNumber - w.TotalDays;
        }

        static long Hour(DateTimeOffset t) => (long)Math.Floor((t - DateTimeOffset.UnixEpoch).TotalHours);
        return Hour(at) > Hour(now) - w.TotalHours;
    }

    /// <summary>The scalar values at <paramref name="path"/>: strings as strings, numbers as decimals.</summary>
    private static List<object> Values(string path, CollectedMessage e)
    {
        var local = e.Timestamp.ToOffset(WorkspaceTime.Offset);
        return path switch
        {
            "source" => [e.SourceId.Value],
            "event" => e.Event is { } name ? [name] : [],
            "hour" => [(decimal)local.Hour],
            "weekday" => [(decimal)(((int)local.DayOfWeek + 6) % 7 + 1)],
            "timestamp" => [Iso(e.Timestamp)],
            "properties.total" => e.Properties!.Value.TryGetProperty("total", out var t) ? [Scalar(t)] : [],
            "properties.products[].category" => [.. e.Properties!.Value.GetProperty("products").EnumerateArray().Select(p => Scalar(p.GetProperty("category")))],
            "context.page.path" => e.Context is { } c ? [c.GetProperty("page").GetProperty("path").GetString()!] : [],
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
        };
    }

    private static object Scalar(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : value.GetString()!;

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    // The documented tie-break order: by kind (number before string), then ordinally by text.
    private static string Key(object value) => value is decimal d ? "n:" + d.ToString("G29", CultureInfo.InvariantCulture) : "s:" + value;

    private static bool Same(object? expected, JsonElement? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (decimal d, { ValueKind: JsonValueKind.Number } a) => a.GetDecimal() == d,
        (string s, { ValueKind: JsonValueKind.String } a) => a.GetString() == s,
        _ => false,
    };
}

using System.Globalization;
using System.Text.Json;
using Helix.Core.Analytics;
using Helix.Core.Collect;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>
/// The brute-force reference: each query kind in plain C# over the persons' raw events, written from the definitions in
/// docs/analytics.md and sharing nothing with the SQL but the result types. Events are ordered as the store orders
/// them (timestamp, then position, which AudienceWorld assigns in the order it writes them).
/// </summary>
internal static partial class AnalyticsReference
{
    internal sealed record Row(WorldPerson Person, CollectedMessage Message, long Position);

    public static TrendsResult Trends(IReadOnlyList<WorldPerson> persons, TrendsQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var range = query.Range;
        var rows = Rows(persons, query.Segment, definitions, now)
            .Where(r => query.Event.Matches(r.Message) && range.Contains(range.Day(r.Message.Timestamp)))
            .Select(r => (r.Person.Id, Bucket: range.Bucket(range.Day(r.Message.Timestamp)), Key: Key(query.Breakdown, r.Person, r.Message),
                Number: query.Property is { } p ? Number(Property(r.Message, p)) : null))
            .ToList();
        var top = Top(rows.Select(r => r.Key), query.Breakdown);
        var series = rows.GroupBy(r => top.Contains(r.Key) ? r.Key : null)
            .OrderBy(g => g.Key is null).ThenByDescending(g => g.Count()).ThenBy(g => g.Key ?? "", Utf8Order.Instance)
            .Select(g => new TrendSeries(
                Group(query.Breakdown, g.Key),
                [.. range.Buckets().Select(b => new TrendPoint(b, Measure(query.Metric, [.. g.Where(r => r.Bucket == b).Select(r => (r.Id, r.Number))])))],
                Measure(query.Metric, [.. g.Select(r => (r.Id, r.Number))])))
            .ToList();
        if (series.Count == 0)
        {
            series.Add(new TrendSeries(query.Breakdown is null ? null : BreakdownValue.None, [.. range.Buckets().Select(b => new TrendPoint(b, Measure(query.Metric, [])))], Measure(query.Metric, [])));
        }

        return new TrendsResult(series);
    }

    private static decimal? Measure(TrendMetric metric, IReadOnlyList<(string Person, decimal? Number)> rows)
    {
        var numbers = rows.Where(r => r.Number is not null).Select(r => r.Number!.Value).ToList();
        return metric switch
        {
            TrendMetric.Count => rows.Count,
            TrendMetric.Unique => rows.Select(r => r.Person).Distinct().Count(),
            TrendMetric.Sum => numbers.Sum() / 1.000000000000000000000000000000000m,
            _ => numbers.Count == 0 ? null : numbers.Sum() / numbers.Count / 1.000000000000000000000000000000000m,
        };
    }

    /// <summary>Each person's entry reaching the furthest step (earliest on ties), its step times (µs) and breakdown key.</summary>
    public static List<(string Person, int Reached, long[] Times, string Key)> FunnelPersons(
        IReadOnlyList<WorldPerson> persons, FunnelQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var range = query.Range;
        var window = query.Window.Ticks / TimeSpan.TicksPerMicrosecond;
        var result = new List<(string, int, long[], string)>();
        foreach (var person in Rows(persons, query.Segment, definitions, now).GroupBy(r => r.Person))
        {
            var events = person.OrderBy(r => Micros(r.Message.Timestamp)).ThenBy(r => r.Position).ToList();
            (int Reached, long[] Times, string Key)? best = null;
            for (var i = 0; i < events.Count; i++)
            {
                if (!query.Steps[0].Matches(events[i].Message) || !range.Contains(range.Day(events[i].Message.Timestamp)))
                {
                    continue;
                }

                var start = Micros(events[i].Message.Timestamp);
                var times = new List<long> { start };
                var at = i;
                for (var k = 1; k < query.Steps.Count; k++)
                {
                    var next = query.Order == FunnelOrder.Loose
                        ? events.FindIndex(at + 1, r => query.Steps[k].Matches(r.Message))
                        : at + 1 < events.Count && query.Steps[k].Matches(events[at + 1].Message) ? at + 1 : -1;
                    if (next < 0 || Micros(events[next].Message.Timestamp) > start + window)
                    {
                        break;
                    }

                    times.Add(Micros(events[next].Message.Timestamp));
                    at = next;
                }

                if (best is null || times.Count > best.Value.Reached)
                {
                    best = (times.Count, [.. times], Key(query.Breakdown, person.Key, events[i].Message));
                }
            }

            if (best is { } b)
            {
                result.Add((person.Key.Id, b.Reached, b.Times, b.Key));
            }
        }

        return result;
    }

    public static FunnelResult Funnel(IReadOnlyList<WorldPerson> persons, FunnelQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var rows = FunnelPersons(persons, query, definitions, now);
        var top = Top(rows.Select(r => r.Key), query.Breakdown);
        var groups = rows.GroupBy(r => top.Contains(r.Key) ? r.Key : null)
            .OrderBy(g => g.Key is null).ThenByDescending(g => g.Count()).ThenBy(g => g.Key ?? "", Utf8Order.Instance)
            .Select(g =>
            {
                var steps = new List<FunnelStep>();
                var entered = g.Count();
                for (var k = 1; k <= query.Steps.Count; k++)
                {
                    var reached = g.Where(r => r.Reached >= k).ToList();
                    var before = g.Count(r => r.Reached >= k - 1);
                    var median = k == 1 ? null : Median([.. reached.Select(r => (double)(r.Times[k - 1] - r.Times[k - 2]))]);
                    steps.Add(new FunnelStep(k, reached.Count, Share(reached.Count, entered), Share(reached.Count, k == 1 ? reached.Count : before), median / 1_000_000));
                }

                return new FunnelGroup(Group(query.Breakdown, g.Key), steps);
            })
            .ToList();
        if (groups.Count == 0)
        {
            groups.Add(new FunnelGroup(query.Breakdown is null ? null : BreakdownValue.None,
                [.. Enumerable.Range(1, query.Steps.Count).Select(k => new FunnelStep(k, 0, 0, 0, null))]));
        }

        return new FunnelResult(groups);
    }

    public static RetentionResult Retention(IReadOnlyList<WorldPerson> persons, RetentionQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var range = query.Range;
        var weekly = range.Interval == AnalyticsInterval.Week;
        var cohorts = new List<(DateOnly Cohort, string Key, long[] Retained)>();
        foreach (var person in Rows(persons, query.Segment, definitions, now).GroupBy(r => r.Person))
        {
            var first = person.Where(r => query.Start.Matches(r.Message)).OrderBy(r => Micros(r.Message.Timestamp)).ThenBy(r => r.Position).FirstOrDefault();
            if (first is null || !range.Contains(range.Day(first.Message.Timestamp)))
            {
                continue;
            }

            var day = range.Day(first.Message.Timestamp);
            var periods = person.Where(r => query.Return.Matches(r.Message))
                .Select(r => range.Day(r.Message.Timestamp))
                .Select(d => weekly
                    ? (AnalyticsRange.Truncate(d, AnalyticsInterval.Week).DayNumber - AnalyticsRange.Truncate(day, AnalyticsInterval.Week).DayNumber) / 7
                    : d.DayNumber - day.DayNumber)
                .Where(n => n >= 1 && n <= query.Periods)
                .Distinct()
                .ToList();
            var retained = new long[query.Periods + 1];
            retained[0] = 1;
            foreach (var n in query.Bounded ? periods : periods.Count == 0 ? [] : Enumerable.Range(1, periods.Max()))
            {
                retained[n] = 1;
            }

            cohorts.Add((range.Bucket(day), Key(query.Breakdown, person.Key, first.Message), retained));
        }

        var top = Top(cohorts.Select(c => c.Key), query.Breakdown);
        var groups = cohorts.GroupBy(c => top.Contains(c.Key) ? c.Key : null)
            .OrderBy(g => g.Key is null).ThenByDescending(g => g.Count()).ThenBy(g => g.Key ?? "", Utf8Order.Instance)
            .Select(g => new RetentionGroup(Group(query.Breakdown, g.Key), [.. g.GroupBy(c => c.Cohort).OrderBy(c => c.Key).Select(c =>
            {
                var retained = Enumerable.Range(0, query.Periods + 1).Select(n => c.Sum(x => x.Retained[n])).ToArray();
                return new RetentionCohort(c.Key, retained[0], retained);
            })]))
            .ToList();
        if (groups.Count == 0)
        {
            groups.Add(new RetentionGroup(query.Breakdown is null ? null : BreakdownValue.None, []));
        }

        return new RetentionResult(groups);
    }

    internal static List<Row> Rows(IReadOnlyList<WorldPerson> persons, Helix.Core.Tags.Condition? segment, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var members = segment is null ? null : AudienceWorld.Expected(persons, segment, definitions, now).ToHashSet(StringComparer.Ordinal);
        var rows = new List<Row>();
        var position = 0L;
        foreach (var person in persons)
        {
            foreach (var message in person.Events)
            {
                position++;
                if (members is null || members.Contains(person.Id))
                {
                    rows.Add(new Row(person, message, position));
                }
            }
        }

        return rows;
    }

    private static HashSet<string> Top(IEnumerable<string> keys, Breakdown? breakdown) =>
        [.. keys.GroupBy(k => k).OrderByDescending(g => g.Count()).ThenBy(g => g.Key ?? "", Utf8Order.Instance).Take(breakdown?.Limit ?? 1).Select(g => g.Key)];

    private static BreakdownValue? Group(Breakdown? breakdown, string? key) =>
        breakdown is null ? null : key is null ? BreakdownValue.Other : new BreakdownValue(key);

    private static string Key(Breakdown? breakdown, WorldPerson person, CollectedMessage message) => breakdown?.Source switch
    {
        null => "",
        BreakdownSource.Property => ScalarKey(Property(message, breakdown.Name)),
        BreakdownSource.Trait => ScalarKey(person.Traits.TryGetValue(breakdown.Name, out var t) ? t : null),
        _ => person.Tags.TryGetValue(breakdown.Name, out var value) ? value is null ? "b:true" : "s:" + value : "",
    };

    internal static string ScalarKey(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => "s:" + value.Value.GetString(),
        JsonValueKind.True => "b:true",
        JsonValueKind.False => "b:false",
        JsonValueKind.Number => "n:" + value.Value.GetDecimal().ToString("G29", CultureInfo.InvariantCulture),
        _ => "",
    };

    internal static JsonElement? Property(CollectedMessage message, string path)
    {
        JsonElement? value = message.Properties;
        foreach (var name in path.Split('.'))
        {
            value = value is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var child) ? child : null;
        }

        return value;
    }

    internal static decimal? Number(JsonElement? value)
    {
        decimal number = 0;
        var parsed = value?.ValueKind switch
        {
            JsonValueKind.Number => value.Value.TryGetDecimal(out number),
            JsonValueKind.String => !value.Value.GetString()!.Contains('_', StringComparison.Ordinal)
                && decimal.TryParse(value.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
        return parsed && Math.Abs(number) <= 1_000_000_000_000_000_000m ? number : null;
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : values[middle - 1] + ((values[middle] - values[middle - 1]) * 0.5);
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    internal static long Micros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}

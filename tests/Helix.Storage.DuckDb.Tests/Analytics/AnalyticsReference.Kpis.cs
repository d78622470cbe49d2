using Helix.Core.Analytics;
using Helix.Core.Analytics.Kpis;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

internal static partial class AnalyticsReference
{
    private const long MicrosPerDay = 86_400_000_000;

    /// <summary>Each period's counts, by the definitions in docs/analytics.md ("KPIs"), person by person over their ordered events.</summary>
    public static KpiResult Kpis(IReadOnlyList<WorldPerson> persons, KpiQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var range = query.Range;
        var people = Rows(persons, query.Segment, definitions, now)
            .GroupBy(r => r.Person.Id)
            .Select(g => g.OrderBy(r => Micros(r.Message.Timestamp)).ThenBy(r => r.Position).ToList())
            .ToList();
        var starts = range.Buckets();
        var series = starts.Select((s, i) => KpiSet(people, query, s, i + 1 < starts.Count ? starts[i + 1].AddDays(-1) : range.To, range.Day(now))).ToList();
        return new KpiResult(series, KpiSet(people, query, range.From, range.To, range.Day(now)));
    }

    private static KpiSet KpiSet(List<List<Row>> people, KpiQuery query, DateOnly start, DateOnly end, DateOnly today)
    {
        var range = query.Range;
        bool In(DateOnly day) => day >= start && day <= end;
        var activeDays = people.Select(p => p.Where(r => KpiQuery.ActiveTypes.Contains(r.Message.Type)).Select(r => range.Day(r.Message.Timestamp)).ToHashSet()).ToList();
        var firsts = activeDays.Select(days => days.Count == 0 ? (DateOnly?)null : days.Min()).ToList();
        var newUsers = firsts.OfType<DateOnly>().Where(In).ToList();
        var last = end < today ? end : today;
        long? Window(int days) => start > today ? null : activeDays.Count(d => d.Any(day => day > last.AddDays(-days) && day <= last));
        var orders = people.Select(p => p.Where(r => query.Order.Matches(r.Message) && In(range.Day(r.Message.Timestamp))).ToList()).ToList();
        var (fans, converted) = Cohort(people, query.Follow, query.Order, query.ConversionDays, range, In);
        var (receivers, redeemers) = Cohort(people, query.CouponReceived, query.CouponApplied, query.RedemptionDays, range, In);
        return new KpiSet(start, end, newUsers.Count, activeDays.Count(d => d.Any(In)), activeDays.Sum(d => d.Count(day => In(day) && day <= today)),
            Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).Count(i => start.AddDays(i) <= today), Window(KpiQuery.WeekDays), Window(KpiQuery.MonthDays),
            fans, converted, orders.Sum(o => o.Count), orders.Count(o => o.Count > 0), orders.Count(o => o.Count >= 2),
            orders.SelectMany(o => o).Sum(r => Number(Property(r.Message, query.Revenue)) ?? 0),
            [.. query.RetentionDays.Select(n => new KpiRetention(n,
                newUsers.Count(f => f.AddDays(n) <= today),
                activeDays.Zip(firsts).Count(p => p.Second is { } f && In(f) && f.AddDays(n) <= today && p.First.Contains(f.AddDays(n)))))],
            receivers, redeemers);
    }

    /// <summary>Persons with an anchor event on a day of the period, and those whose first one is followed by a target within the window.</summary>
    private static (long Persons, long Converted) Cohort(List<List<Row>> people, EventFilter anchor, EventFilter target, int days, AnalyticsRange range, Func<DateOnly, bool> inPeriod)
    {
        var (persons, converted) = (0L, 0L);
        foreach (var events in people)
        {
            var first = events.FindIndex(r => anchor.Matches(r.Message) && inPeriod(range.Day(r.Message.Timestamp)));
            if (first < 0)
            {
                continue;
            }

            persons++;
            var deadline = Micros(events[first].Message.Timestamp) + (days * MicrosPerDay);
            converted += events.Skip(first + 1).Any(r => target.Matches(r.Message) && Micros(r.Message.Timestamp) <= deadline) ? 1 : 0;
        }

        return (persons, converted);
    }
}

using Cronos;

namespace Helix.Core.Journeys.Runtime;

/// <summary>
/// When a scheduled or anniversary journey runs: the latest due time after the last run, at most
/// <see cref="JourneyTick.EntryFreshness"/> old. A server down through several runs runs once on its return, not
/// once per run missed: a marketing audience should get one Monday message, not three.
/// </summary>
public static class JourneyFireTimes
{
    public static DateTimeOffset? Due(JourneyEntry entry, TimeZoneInfo zone, DateTimeOffset lastRun, DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        foreach (var time in Occurrences(entry, zone, lastRun, now))
        {
            latest = time;
        }

        return latest is { } due && due >= now - JourneyTick.EntryFreshness ? due : null;
    }

    private static IEnumerable<DateTimeOffset> Occurrences(JourneyEntry entry, TimeZoneInfo zone, DateTimeOffset after, DateTimeOffset upTo)
    {
        // Only the last day's worth matters; older runs are too stale to act on.
        var from = after > upTo - JourneyTick.EntryFreshness - TimeSpan.FromDays(1) ? after : upTo - JourneyTick.EntryFreshness - TimeSpan.FromDays(1);
        switch (entry)
        {
            case ScheduleEntry schedule:
                return CronExpression.Parse(schedule.Cron, CronFormat.Standard).GetOccurrences(from, upTo, zone, fromInclusive: false, toInclusive: true);
            case AnniversaryEntry anniversary:
                return Daily(anniversary.At, zone, from, upTo);
            default:
                return [];
        }
    }

    private static IEnumerable<DateTimeOffset> Daily(TimeOnly at, TimeZoneInfo zone, DateTimeOffset after, DateTimeOffset upTo)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, zone).DateTime);
        for (var i = 0; i < 4; i++, day = day.AddDays(1))
        {
            var wall = day.ToDateTime(at);
            var local = zone.IsInvalidTime(wall) ? wall.AddHours(1) : wall;
            var instant = new DateTimeOffset(local, zone.GetUtcOffset(local));
            if (instant > after && instant <= upTo)
            {
                yield return instant;
            }
        }
    }

    /// <summary>
    /// The month-days (<c>MM-dd</c>) of the dates an anniversary journey running at <paramref name="run"/> enters:
    /// the run's local day shifted back by the offset (−3 runs three days before). A 29 February date is celebrated
    /// on the 28th in other years.
    /// </summary>
    public static IReadOnlyList<string> MonthDays(AnniversaryEntry entry, TimeZoneInfo zone, DateTimeOffset run)
    {
        var target = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(run, zone).DateTime).AddDays(-entry.OffsetDays);
        var days = new List<string> { target.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        if (target is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(target.Year))
        {
            days.Add("02-29");
        }

        return days;
    }
}

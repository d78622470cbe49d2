namespace Helix.Core.Analytics;

/// <summary>
/// The days a query covers, <see cref="From"/> to <see cref="To"/> inclusive, as calendar days in <see cref="Zone"/>,
/// cut into buckets by <see cref="Interval"/>. An event's day is the calendar day of its <c>timestamp</c> in the zone;
/// a bucket is named by its first day, and the first bucket starts at <see cref="From"/> even when its week or month
/// began earlier (the last one likewise ends at <see cref="To"/>).
/// </summary>
public sealed record AnalyticsRange(DateOnly From, DateOnly To, AnalyticsInterval Interval, TimeZoneInfo Zone)
{
    public const int MaxDays = 3660;

    /// <summary>The zone every workspace uses unless a query names another (see WorkspaceTime).</summary>
    public const string DefaultZone = "Asia/Shanghai";

    /// <summary>The calendar day <paramref name="at"/> falls on in the zone.</summary>
    public DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>The first day of the bucket holding <paramref name="day"/>, clipped to <see cref="From"/>.</summary>
    public DateOnly Bucket(DateOnly day)
    {
        var start = Truncate(day, Interval);
        return start < From ? From : start;
    }

    /// <summary>The first day of <paramref name="day"/>'s calendar day, ISO week or month.</summary>
    public static DateOnly Truncate(DateOnly day, AnalyticsInterval interval) => interval switch
    {
        AnalyticsInterval.Day => day,
        AnalyticsInterval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    /// <summary>Every bucket's first day, in order.</summary>
    public IReadOnlyList<DateOnly> Buckets()
    {
        var buckets = new List<DateOnly>();
        for (var day = From; day <= To; day = Next(day))
        {
            buckets.Add(Bucket(day));
        }

        return buckets;
    }

    private DateOnly Next(DateOnly day) => Interval switch
    {
        AnalyticsInterval.Day => day.AddDays(1),
        AnalyticsInterval.Week => Truncate(day, AnalyticsInterval.Week).AddDays(7),
        _ => Truncate(day, AnalyticsInterval.Month).AddMonths(1),
    };

    /// <summary>
    /// An instant no earlier than any instant whose day is <see cref="From"/> and one no earlier than any whose day is after
    /// <see cref="To"/>, each widened by a day: bounds on the raw column a scan can skip by, with the exact test on the day.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End) ScanBounds() =>
        (new DateTimeOffset(From.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
         new DateTimeOffset(To.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>
    /// The zone's offset when it is the same throughout the range (always for Asia/Shanghai), so a day is plain arithmetic
    /// on the instant; null when the zone changes offset in the range (daylight saving).
    /// </summary>
    public TimeSpan? FixedOffset()
    {
        var (start, end) = ScanBounds();
        var offset = Zone.GetUtcOffset(start);
        for (var at = start; at <= end; at = at.AddHours(12))
        {
            if (Zone.GetUtcOffset(at) != offset)
            {
                return null;
            }
        }

        return offset;
    }
}

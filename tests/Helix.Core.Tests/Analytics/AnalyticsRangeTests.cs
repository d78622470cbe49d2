using Helix.Core.Analytics;

namespace Helix.Core.Tests.Analytics;

public sealed class AnalyticsRangeTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void MidnightInShanghai_StartsTheNextDay()
    {
        var range = new AnalyticsRange(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2), AnalyticsInterval.Day, Shanghai);

        Assert.Equal(new DateOnly(2026, 11, 1), range.Day(new DateTimeOffset(2026, 11, 1, 15, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 2), range.Day(new DateTimeOffset(2026, 11, 1, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Weeks_StartOnMonday_AndTheFirstIsClippedToFrom()
    {
        // 2026-11-04 is a Wednesday.
        var range = new AnalyticsRange(new DateOnly(2026, 11, 4), new DateOnly(2026, 11, 17), AnalyticsInterval.Week, Shanghai);

        Assert.Equal([new DateOnly(2026, 11, 4), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16)], range.Buckets());
        Assert.Equal(new DateOnly(2026, 11, 9), range.Bucket(new DateOnly(2026, 11, 15)));
    }

    [Fact]
    public void Months_AreCalendarMonths()
    {
        var range = new AnalyticsRange(new DateOnly(2026, 1, 31), new DateOnly(2026, 3, 1), AnalyticsInterval.Month, Shanghai);

        Assert.Equal([new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)], range.Buckets());
    }

    [Fact]
    public void FixedOffset_OnlyWithoutDaylightSavingInTheRange()
    {
        var march = (new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 20));

        Assert.Equal(TimeSpan.FromHours(8), new AnalyticsRange(march.Item1, march.Item2, AnalyticsInterval.Day, Shanghai).FixedOffset());
        Assert.Null(new AnalyticsRange(march.Item1, march.Item2, AnalyticsInterval.Day, NewYork).FixedOffset());
        Assert.Equal(TimeSpan.FromHours(-5), new AnalyticsRange(new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 9), AnalyticsInterval.Day, NewYork).FixedOffset());
    }
}

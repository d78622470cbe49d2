using Helix.Core.Audiences;

namespace Helix.Core.Tests.Audiences;

public sealed class EventWindowTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void Days_AreCalendarDaysInWorkspaceTime_EndingToday()
    {
        var now = new DateTimeOffset(2026, 11, 1, 15, 30, 0, TimeSpan.Zero); // 23:30 on 1 November in UTC+8

        var (from, until) = new RelativeWindow(TimeSpan.FromDays(30)).Bounds(now);

        Assert.Equal(new DateTimeOffset(2026, 10, 3, 0, 0, 0, China), from);
        Assert.Null(until);
    }

    [Fact]
    public void Hours_AreWholeHours_EndingWithThisOne()
    {
        var now = new DateTimeOffset(2026, 11, 1, 10, 15, 0, TimeSpan.Zero);

        var (from, _) = new RelativeWindow(TimeSpan.FromHours(12)).Bounds(now);

        Assert.Equal(new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), from);
    }

    [Fact]
    public void DateRange_IncludesBothDays_MidnightToMidnightInWorkspaceTime()
    {
        var window = new DateWindow(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 11));

        var (from, until) = window.Bounds(DateTimeOffset.UnixEpoch);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, China), from);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 0, 0, 0, China), until);
        Assert.Null(new DateWindow(new DateOnly(2026, 11, 1), null).Bounds(DateTimeOffset.UnixEpoch).Until);
    }
}

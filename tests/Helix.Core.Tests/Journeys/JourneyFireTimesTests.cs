using Helix.Core.Journeys;
using Helix.Core.Journeys.Runtime;
using Helix.Core.Tags;

namespace Helix.Core.Tests.Journeys;

public sealed class JourneyFireTimesTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly ScheduleEntry Mondays = new("0 10 * * 1", new AllCondition([]));

    [Fact]
    public void ASchedule_RunsOnceForTheLatestDueTime_AfterTheLastRun()
    {
        // Monday 2026-11-02 10:00 Shanghai is 02:00 UTC.
        var monday = new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

        Assert.Null(JourneyFireTimes.Due(Mondays, Shanghai, monday.AddHours(-1), monday.AddMinutes(-1)));
        Assert.Equal(monday, JourneyFireTimes.Due(Mondays, Shanghai, monday.AddHours(-1), monday.AddMinutes(5)));
        Assert.Null(JourneyFireTimes.Due(Mondays, Shanghai, monday, monday.AddHours(5)));
        // Down for three weeks: only the last Monday, and only while fresh.
        Assert.Equal(monday, JourneyFireTimes.Due(Mondays, Shanghai, monday.AddDays(-21), monday.AddHours(3)));
        Assert.Null(JourneyFireTimes.Due(Mondays, Shanghai, monday.AddDays(-21), monday.AddDays(2)));
    }

    [Fact]
    public void AnAnniversary_RunsDailyAtItsTime_ForTheDatesItsOffsetPointsAt()
    {
        var birthday = new AnniversaryEntry("birthday", -3, new TimeOnly(10, 0));
        var run = new DateTimeOffset(2026, 11, 5, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(run, JourneyFireTimes.Due(birthday, Shanghai, run.AddDays(-1), run.AddSeconds(1)));
        Assert.Equal(["11-08"], JourneyFireTimes.MonthDays(birthday, Shanghai, run));
        Assert.Equal(["02-28", "02-29"], JourneyFireTimes.MonthDays(birthday with { OffsetDays = 0 }, Shanghai, new DateTimeOffset(2027, 2, 28, 2, 0, 0, TimeSpan.Zero)));
        Assert.Equal(["02-28"], JourneyFireTimes.MonthDays(birthday with { OffsetDays = 0 }, Shanghai, new DateTimeOffset(2028, 2, 28, 2, 0, 0, TimeSpan.Zero)));
    }
}

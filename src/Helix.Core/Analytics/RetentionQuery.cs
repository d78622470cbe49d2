using Helix.Core.Tags;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Analytics;

/// <summary>
/// Retention: a person's cohort is the day (or ISO week, by the range's interval) of their first event ever matching
/// <see cref="Start"/>, when that day is in the range. Period n of a return is the number of days (weeks) from the
/// cohort's first day (week) to the day (week) of an event matching <see cref="Return"/>. Bounded: a person is retained
/// in period n when they returned in period n exactly; unbounded: in period n or any later one. Period 0 is the cohort
/// itself. Returns are counted up to period <see cref="Periods"/>, also after the range's last day.
/// </summary>
public sealed record RetentionQuery(
    AnalyticsRange Range, EventFilter Start, EventFilter Return, int Periods, bool Bounded, Condition? Segment, Breakdown? Breakdown)
{
    public const int MaxPeriods = 400;
}

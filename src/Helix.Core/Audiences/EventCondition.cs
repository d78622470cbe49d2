using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>
/// <c>did("Order Completed" where channel = "tmall", count >= 2, within 30d)</c>: the person's track events that
/// <see cref="Filter"/> matches and that fall in <see cref="Window"/> (null: all history), folded by
/// <see cref="Function"/> and compared with <see cref="Threshold"/> by <see cref="Op"/>. It is an inline computed
/// trait with a comparison: <see cref="Function"/> is count, sum, avg, min or max; <see cref="Of"/> is the property
/// path summed (<c>properties.total</c>; null for count); an event without a number there is not folded. The
/// default, <c>count gte 1</c>, is "did it at least once". A count is 0 when nothing matched, while sum, avg, min
/// and max of nothing are missing — and, as for any missing value, no comparison holds for them.
/// </summary>
public sealed record EventCondition(
    EventFilter Filter, AggregateFunction Function, ValuePath? Of, ConditionOp Op, decimal Threshold, EventWindow? Window) : Condition
{
    /// <summary>Did any of <paramref name="events"/> at least once, ever.</summary>
    public static EventCondition Did(params string[] events) =>
        new(EventFilter.Track(events), AggregateFunction.Count, null, ConditionOp.Gte, 1, null);

    /// <summary>True for the default measure, <c>count gte 1</c>, which the text form leaves out.</summary>
    public bool AtLeastOnce => Function == AggregateFunction.Count && Op == ConditionOp.Gte && Threshold == 1;
}

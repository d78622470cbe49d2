using Helix.Core.Collect;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// A per-person aggregate defined as data: <paramref name="Function"/> over the values at
/// <paramref name="Of"/> of the events <paramref name="Filter"/> matches, within <paramref name="Window"/>
/// (null: all time). <paramref name="Of"/> may be null for Count, First and Last, where the event itself
/// (its timestamp) is the value. <see cref="ComputedTraitSpec"/> parses and validates the JSON form;
/// <see cref="ComputedTraitState"/> holds one person's running value.
/// <paramref name="Subtract"/>, for Sum only, matches events whose values count negatively: refunds
/// against orders, so <c>net_spend</c> falls when an order is refunded.
/// <paramref name="Period"/> (not part of the JSON form) limits the events to fixed instants, from (inclusive) until
/// (exclusive, null: open): a segment's <c>did(…, between 2026-01-01 and 2026-01-31)</c> folds as such a trait.
/// </summary>
public sealed record ComputedTraitDefinition(
    string Name, AggregateFunction Function, EventFilter Filter, ValuePath? Of, TimeSpan? Window, string? Description = null, EventFilter? Subtract = null,
    (DateTimeOffset From, DateTimeOffset? Until)? Period = null)
{
    /// <summary>+1 when the message counts, −1 when it is subtracted, 0 when the trait ignores it. An event both filters match counts.</summary>
    public int SignOf(CollectedMessage message) =>
        Period is { } period && (message.Timestamp < period.From || message.Timestamp >= period.Until) ? 0
        : Filter.Matches(message) ? 1 : Subtract?.Matches(message) == true ? -1 : 0;
}

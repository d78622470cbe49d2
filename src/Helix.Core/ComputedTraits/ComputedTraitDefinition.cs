namespace Helix.Core.ComputedTraits;

/// <summary>
/// A per-person aggregate defined as data: <paramref name="Function"/> over the values at
/// <paramref name="Of"/> of the events <paramref name="Filter"/> matches, within <paramref name="Window"/>
/// (null: all time). <paramref name="Of"/> may be null for Count, First and Last, where the event itself
/// (its timestamp) is the value. <see cref="ComputedTraitSpec"/> parses and validates the JSON form;
/// <see cref="ComputedTraitState"/> holds one person's running value.
/// </summary>
public sealed record ComputedTraitDefinition(
    string Name, AggregateFunction Function, EventFilter Filter, ValuePath? Of, TimeSpan? Window, string? Description = null);

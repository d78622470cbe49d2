namespace Helix.Core.Analytics;

/// <summary>Where a breakdown's value comes from.</summary>
public enum BreakdownSource
{
    /// <summary>A property of the event (a dotted path under <c>properties</c>): trends read each event's, funnels the entering step's, retention the first event's.</summary>
    Property,

    /// <summary>The person's stored trait now.</summary>
    Trait,

    /// <summary>The person's tag now: its value, <c>true</c> for a tag without values, none when the person does not hold it.</summary>
    Tag,
}

/// <summary>
/// Splits a result by a value: the <see cref="Limit"/> largest groups each get a series (by events for trends, persons
/// otherwise; ties by the value's key, ordinally), and every other value goes into one "other" series. A missing value
/// is a group of its own (value null).
/// </summary>
public sealed record Breakdown(BreakdownSource Source, string Name, int Limit)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

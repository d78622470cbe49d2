namespace Helix.Core.ComputedTraits;

/// <summary>
/// A value at an event time. Ordered by time, then by the value's ordinal order, so that First
/// (the least) and Last (the greatest) do not depend on the order events or states arrive in.
/// </summary>
internal readonly record struct Stamped(long Ticks, string Key) : IComparable<Stamped>
{
    public int CompareTo(Stamped other)
    {
        var byTime = Ticks.CompareTo(other.Ticks);
        return byTime != 0 ? byTime : string.CompareOrdinal(Key, other.Key);
    }

    public static Stamped? Least(Stamped? a, Stamped? b) => a is not { } x ? b : b is not { } y ? a : x.CompareTo(y) <= 0 ? x : y;

    public static Stamped? Greatest(Stamped? a, Stamped? b) => a is not { } x ? b : b is not { } y ? a : x.CompareTo(y) >= 0 ? x : y;
}

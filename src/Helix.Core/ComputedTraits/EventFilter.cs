using Helix.Core.Collect;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// Which events a computed trait counts: the message <paramref name="Type"/> (null: any type),
/// the event names (any of them; empty: any name; for page and screen the page name), and
/// property conditions that must all hold.
/// </summary>
public sealed record EventFilter(MessageType? Type, IReadOnlyList<string> Events, IReadOnlyList<PropertyCondition> Where)
{
    /// <summary>Track events named any of <paramref name="events"/>, or every track event when none are given.</summary>
    public static EventFilter Track(params string[] events) => new(MessageType.Track, events, []);

    // Loops, not LINQ: every trait's filter sees every event, and this must not allocate.
    public bool Matches(CollectedMessage message)
    {
        if ((Type is { } type && message.Type != type) || (Events.Count > 0 && !Named(message.Event)))
        {
            return false;
        }

        for (var i = 0; i < Where.Count; i++)
        {
            if (!Where[i].Matches(message.Properties))
            {
                return false;
            }
        }

        return true;
    }

    private bool Named(string? name)
    {
        for (var i = 0; name is not null && i < Events.Count; i++)
        {
            if (string.Equals(Events[i], name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Lists compare by reference in a record; filters are equal when their contents are.
    public bool Equals(EventFilter? other) =>
        other is not null && Type == other.Type && Events.SequenceEqual(other.Events, StringComparer.Ordinal) && Where.SequenceEqual(other.Where);

    public override int GetHashCode() => HashCode.Combine(Type, Events.Count, Where.Count);
}

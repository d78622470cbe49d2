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

    public bool Matches(CollectedMessage message) =>
        (Type is not { } type || message.Type == type)
        && (Events.Count == 0 || (message.Event is { } name && Events.Contains(name, StringComparer.Ordinal)))
        && Where.All(condition => condition.Matches(message.Properties));

    // Lists compare by reference in a record; filters are equal when their contents are.
    public bool Equals(EventFilter? other) =>
        other is not null && Type == other.Type && Events.SequenceEqual(other.Events, StringComparer.Ordinal) && Where.SequenceEqual(other.Where);

    public override int GetHashCode() => HashCode.Combine(Type, Events.Count, Where.Count);
}

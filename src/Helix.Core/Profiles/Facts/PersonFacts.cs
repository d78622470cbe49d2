using Helix.Core.ComputedTraits;

namespace Helix.Core.Profiles.Facts;

/// <summary>The mutable facts of one person inside <see cref="FactBook"/>.</summary>
internal sealed class PersonFacts
{
    /// <summary>Only traits the person has matching events for: an absent state reads as no events.</summary>
    public Dictionary<string, ComputedTraitState> Computed { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ModelTags { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, HeldTag> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>The real-time segments the person is in, and since when.</summary>
    public Dictionary<string, DateTimeOffset> Segments { get; } = new(StringComparer.Ordinal);

    public void Absorb(PersonFacts other)
    {
        foreach (var (name, state) in other.Computed)
        {
            if (Computed.TryGetValue(name, out var mine))
            {
                mine.Absorb(state);
            }
            else
            {
                Computed[name] = state;
            }
        }

        foreach (var (tag, value) in other.ModelTags)
        {
            ModelTags.TryAdd(tag, value);
        }
    }
}

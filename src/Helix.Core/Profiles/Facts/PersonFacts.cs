using Helix.Core.ComputedTraits;
using Helix.Core.Privacy.Consent;

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

    /// <summary>The deciding statement on <c>profiling</c>; a refusal empties the tags while it stands.</summary>
    public ConsentStatement? Profiling { get; set; }

    /// <summary>Whether the person's deciding profiling statement is a refusal.</summary>
    public ConsentStatement? Refusal => Profiling is { Granted: false } refusal ? refusal : null;

    public void Absorb(PersonFacts other)
    {
        // The fold over both persons' statements: the later one decides.
        if (other.Profiling is { } theirs && (Profiling is null || theirs.IsLaterThan(Profiling)))
        {
            Profiling = theirs;
        }

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

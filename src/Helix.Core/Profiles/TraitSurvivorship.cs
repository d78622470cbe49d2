namespace Helix.Core.Profiles;

/// <summary>Which value a trait keeps when two events (or two merging persons) disagree.</summary>
public enum TraitSurvivorship
{
    /// <summary>The value of the newest event (by event time; on a tie, the later message).</summary>
    MostRecent,

    /// <summary>The value of the oldest event: a sign-up channel, a first store.</summary>
    FirstSeen,

    /// <summary>The first value written (by log position) is never replaced: a birthday confirmed once.</summary>
    NeverOverwrite,

    /// <summary>The value from the most trusted source in a ranked list (the CRM beats the app for a name); equal rank, the newest.</summary>
    SourcePriority,

    /// <summary>
    /// The value carried by the most of the person's events (a home city, a favourite store); on a tie, the newest of
    /// the tied values. Counted in a bounded per-person histogram (<see cref="TraitHistogram"/>).
    /// </summary>
    MostFrequent,
}

/// <summary>How one trait survives; traits without a rule keep <see cref="TraitSurvivorship.MostRecent"/>.</summary>
/// <param name="Sources">For <see cref="TraitSurvivorship.SourcePriority"/>: source ids, most trusted first; unlisted sources rank last.</param>
public sealed record TraitRule(string Trait, TraitSurvivorship Survivorship, IReadOnlyList<string> Sources)
{
    public static TraitRule Default(string trait) => new(trait, TraitSurvivorship.MostRecent, []);

    /// <summary>
    /// Whether <paramref name="candidate"/> replaces <paramref name="current"/>. Deterministic, and the same whichever arrives first, except for
    /// NeverOverwrite, which follows log order. MostFrequent is decided by counts (<see cref="TraitHistogram"/>); here, between values
    /// no histogram counted (set before the rule), it keeps the newer one.
    /// </summary>
    public bool Replaces(TraitValue candidate, TraitValue current) => Survivorship switch
    {
        TraitSurvivorship.FirstSeen => Earlier(candidate, current),
        TraitSurvivorship.NeverOverwrite => candidate.Position < current.Position,
        TraitSurvivorship.SourcePriority => Rank(candidate) != Rank(current) ? Rank(candidate) < Rank(current) : Later(candidate, current),
        _ => Later(candidate, current),
    };

    /// <summary>Whether <paramref name="a"/> comes from a later event than <paramref name="b"/> (event time, then log position); true for the same event.</summary>
    internal static bool Later(TraitValue a, TraitValue b) => a.UpdatedAt != b.UpdatedAt ? a.UpdatedAt > b.UpdatedAt : a.Position >= b.Position;

    private static bool Earlier(TraitValue a, TraitValue b) => a.UpdatedAt != b.UpdatedAt ? a.UpdatedAt < b.UpdatedAt : a.Position < b.Position;

    private int Rank(TraitValue value)
    {
        for (var rank = 0; value.Source is { } source && rank < Sources.Count; rank++)
        {
            if (Sources[rank] == source.Value)
            {
                return rank;
            }
        }

        return Sources.Count;
    }
}

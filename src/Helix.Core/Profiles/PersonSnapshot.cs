using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>The whole stored state of one person, as the pipeline writes it and loads it back.</summary>
/// <param name="CreatedPosition">Log position of the message that created the person; the older person survives a merge.</param>
public sealed record PersonSnapshot(
    WorkspaceId WorkspaceId,
    PersonId Id,
    long CreatedPosition,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long EventCount,
    IReadOnlyDictionary<string, TraitValue> Traits,
    IReadOnlyList<IdentifierLink> Identifiers)
{
    /// <summary>How the identifiers came together: the person's identity graph.</summary>
    public IReadOnlyList<IdentityLink> Links { get; init; } = [];

    /// <summary>How many persons were merged into this one.</summary>
    public int MergeCount { get; init; }

    /// <summary>Set when abnormal fan-out froze further merges (see <see cref="Identity.IdentityRules.MaxMergesPerPerson"/>).</summary>
    public Quarantine? Quarantine { get; init; }

    /// <summary>
    /// For traits whose rule is <see cref="TraitSurvivorship.MostFrequent"/>: each distinct value's event count and latest
    /// occurrence, strongest first (see <see cref="TraitHistogram"/>). Empty for persons with no such trait.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>> TraitCounts { get; init; } = NoTraitCounts;

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>> NoTraitCounts =
        System.Collections.ObjectModel.ReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>>.Empty;
}

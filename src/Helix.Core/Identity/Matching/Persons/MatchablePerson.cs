using Helix.Core.Profiles;

namespace Helix.Core.Identity.Matching.Persons;

/// <summary>
/// A person as the matcher sees it: its traits as text, its identifiers, and its anchor — the strongest
/// identifier it holds, which a merge operation names (person ids change as persons merge; identifiers do not).
/// </summary>
public sealed record MatchablePerson(PersonId Id, Identifier Anchor, IReadOnlyDictionary<string, string> Traits)
{
    /// <summary>All its identifiers (at least the anchor): a pair reviewed under other anchors is still recognised.</summary>
    public IReadOnlyList<Identifier> Identifiers { get; init; } = [Anchor];
}

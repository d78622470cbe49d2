using Helix.Core.Profiles;

namespace Helix.Core.Identity.Matching.Persons;

/// <summary>
/// A person as the matcher sees it: its traits as text and its anchor — the strongest identifier it
/// holds, which a merge operation names (person ids change as persons merge; identifiers do not).
/// </summary>
public sealed record MatchablePerson(PersonId Id, Identifier Anchor, IReadOnlyDictionary<string, string> Traits);

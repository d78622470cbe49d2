using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>A person as the profile API returns it.</summary>
public sealed record ProfileView(
    WorkspaceId WorkspaceId,
    PersonId PersonId,
    IReadOnlyDictionary<string, JsonElement> Traits,
    IReadOnlyList<IdentifierLink> Identifiers,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long EventCount)
{
    public int MergeCount { get; init; }

    /// <summary>Where each trait's value came from: the event time, source, message and log position that set it.</summary>
    public IReadOnlyDictionary<string, TraitValue> TraitProvenance { get; init; } = new Dictionary<string, TraitValue>();

    /// <summary>Set when abnormal identity fan-out froze merges on this person.</summary>
    public Quarantine? Quarantine { get; init; }
}

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
    long EventCount);

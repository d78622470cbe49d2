using System.Text.Json;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Core.Audiences.Lookalike;

/// <summary>Every person of a workspace with what a lookalike learns from.</summary>
public interface ILookalikeSource
{
    Task<IReadOnlyList<LookalikePerson>> LookalikePersonsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);
}

/// <summary>One person's stored traits, activity and facts (null: none stored).</summary>
public sealed record LookalikePerson(
    PersonId Person, IReadOnlyDictionary<string, JsonElement> Traits, long EventCount, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, PersonFactsSnapshot? Facts);

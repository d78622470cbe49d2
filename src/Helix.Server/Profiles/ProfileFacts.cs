using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Server.Tags;

namespace Helix.Server.Profiles;

/// <summary>
/// A profile's computed traits and tags as of the request: stored incremental states read through the
/// definitions in force, so a windowed trait is exact now even if no event arrived since the window moved.
/// </summary>
public sealed class ProfileFacts(IProfileFactsStore store, DefinitionsSubmission definitions, TimeProvider time)
{
    public async Task<ProfilesApi.ProfileResponse> AddToAsync(ProfilesApi.ProfileResponse profile, WorkspaceId workspace, PersonId person, CancellationToken cancellationToken)
    {
        var defs = await definitions.CurrentAsync(workspace, cancellationToken);
        if (defs.Version == 0)
        {
            return profile;
        }

        var facts = await store.GetFactsAsync(workspace, person, cancellationToken);
        return profile with
        {
            ComputedTraits = defs.ComputedValues(facts, time.GetUtcNow()),
            Tags = (facts?.Tags ?? new Dictionary<string, HeldTag>())
                .OrderBy(t => t.Key, StringComparer.Ordinal)
                .ToDictionary(t => t.Key, t => new ProfilesApi.TagResponse(t.Value.Value, t.Value.Since), StringComparer.Ordinal),
        };
    }
}

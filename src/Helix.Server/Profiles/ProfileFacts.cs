using System.Text.Json;
using Helix.Core.Audiences.Segments;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;
using Helix.Server.Privacy.Consent;
using Helix.Server.Tags;

namespace Helix.Server.Profiles;

/// <summary>
/// A profile's computed traits, tags and consents as of the request: stored incremental states read through the
/// definitions in force, so a windowed trait is exact now even if no event arrived since the window moved.
/// </summary>
public sealed class ProfileFacts(IProfileFactsStore store, ISegmentStore segments, IConsentStore consents, DefinitionsSubmission definitions, TimeProvider time)
{
    /// <summary>A person's facts now, with the definitions (version 0 and empty before any) they were read through.</summary>
    /// <param name="ComputedTraits">Every defined computed trait; null where the person has no value.</param>
    /// <param name="Tags">The tags the person holds, by name in ordinal order.</param>
    public sealed record Current(
        ProfileDefinitions Definitions, IReadOnlyDictionary<string, JsonElement?> ComputedTraits, IReadOnlyDictionary<string, HeldTag> Tags);

    public async Task<Current> ReadAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken)
    {
        var defs = await definitions.CurrentAsync(workspace, cancellationToken);
        if (defs.Version == 0)
        {
            return new Current(defs, new Dictionary<string, JsonElement?>(), new Dictionary<string, HeldTag>());
        }

        var facts = await store.GetFactsAsync(workspace, person, cancellationToken);
        return new Current(
            defs,
            defs.ComputedValues(facts, time.GetUtcNow()),
            (facts?.Tags ?? new Dictionary<string, HeldTag>())
                .OrderBy(t => t.Key, StringComparer.Ordinal)
                .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));
    }

    public async Task<ProfilesApi.ProfileResponse> AddToAsync(ProfilesApi.ProfileResponse profile, WorkspaceId workspace, PersonId person, CancellationToken cancellationToken)
    {
        profile = profile with { Consents = ConsentResponse.Current(await consents.ConsentStatementsAsync(workspace, person, cancellationToken)) };
        var current = await ReadAsync(workspace, person, cancellationToken);
        return current.Definitions.Version == 0
            ? profile
            : profile with
            {
                ComputedTraits = current.ComputedTraits,
                Tags = current.Tags.ToDictionary(t => t.Key, t => new ProfilesApi.TagResponse(t.Value.Value, t.Value.Since), StringComparer.Ordinal),
                Segments = await segments.PersonSegmentsAsync(workspace, person, cancellationToken),
            };
    }
}

using Helix.Core.Profiles;
using Helix.Server.Auth;

namespace Helix.Server.Profiles;

/// <summary>
/// Every read of one person by id (<c>/api/v1/profiles/{personId}</c> and the reads under it, subject access) answers for
/// the survivor when the id was merged into another person, and says so in the <see cref="Header"/> response header,
/// whatever the body's shape (a profile body also carries <c>mergedFrom</c>). Not a redirect: HTTP clients drop the
/// <c>Authorization</c> header on redirects. Writes (erasure) take live ids only.
/// </summary>
internal static class MergedIds
{
    /// <summary>Names the person id asked for when the answer is about the person it was merged into.</summary>
    public const string Header = "Helix-Merged-From";

    /// <returns>The person's profile, or the survivor's for a merged id; null when neither exists (a 404).</returns>
    public static async Task<ProfileView?> ProfileAsync(HttpContext context, IProfileReader profiles, string personId)
    {
        var profile = await profiles.GetProfileOrSurvivorAsync(context.User.Workspace(), new PersonId(personId), context.RequestAborted);
        if (profile is not null && profile.PersonId.Value != personId)
        {
            // A merged id is one Helix issued (p_…): always a valid header value.
            context.Response.Headers[Header] = personId;
        }

        return profile;
    }

    /// <summary>The id asked for when it was merged into <paramref name="profile"/>, for a body's <c>mergedFrom</c>; null on a direct hit.</summary>
    public static string? MergedFrom(ProfileView profile, string personId) => profile.PersonId.Value == personId ? null : personId;
}

using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Server.Identity;
using Helix.Server.Problems;

namespace Helix.Server.Profiles;

/// <summary>
/// Finds a person by a typed identifier the way every API does it: the type name checked, the value
/// normalised by the workspace's identity rules as on ingestion, then looked up in that workspace only.
/// </summary>
internal static class ProfileLookup
{
    /// <param name="valueField">The request field that carried the value, named by a 400 (<c>value</c>, or a route parameter).</param>
    /// <returns>A 400 problem naming <c>type</c> or <paramref name="valueField"/>; else the profile, null when nobody has the identifier.</returns>
    public static async Task<(ProfileView? Profile, IResult? Problem)> FindAsync(
        string? type, string? value, string valueField, WorkspaceId workspace, IProfileReader profiles, IIdentityJournal journal, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(type) || !IdentityRules.IsValidTypeName(type))
        {
            return (null, ProblemResults.Field("type", "must be an identifier type (lower-case snake case) such as user_id, anonymous_id, phone, email, member_id, wechat_unionid"));
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > CollectLimits.MaxIdLength)
        {
            return (null, ProblemResults.Field(valueField, $"is required: the identifier's value, at most {CollectLimits.MaxIdLength} characters"));
        }

        var rules = await WorkspaceRules.GetAsync(journal, workspace, cancellationToken);
        if (rules.Create(type, value) is not { } identifier)
        {
            return (null, ProblemResults.Field(valueField, $"is not a valid {type}, or is blocked from identifying anyone"));
        }

        var person = await profiles.FindByIdentifierAsync(workspace, identifier, cancellationToken);
        return (person is { } id ? await profiles.GetProfileAsync(workspace, id, cancellationToken) : null, null);
    }
}

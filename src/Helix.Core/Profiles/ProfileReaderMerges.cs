using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

public static class ProfileReaderMerges
{
    /// <summary>The person's profile, or, for a person id merged away, the profile of the person holding its data now (its <c>PersonId</c> is the survivor's).</summary>
    public static async Task<ProfileView?> GetProfileOrSurvivorAsync(this IProfileReader reader, WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        await reader.GetProfileAsync(workspace, person, cancellationToken)
        ?? (await reader.SurvivorOfAsync(workspace, person, cancellationToken) is { } survivor ? await reader.GetProfileAsync(workspace, survivor, cancellationToken) : null);
}

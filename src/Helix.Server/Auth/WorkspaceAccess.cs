using System.Security.Claims;
using Helix.Core.Workspaces;

namespace Helix.Server.Auth;

internal static class WorkspaceAccess
{
    /// <summary>The workspace of the authenticated API key. Endpoints never take a workspace from the request.</summary>
    public static WorkspaceId Workspace(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(ApiKeyAuthentication.WorkspaceClaim)
            ?? throw new InvalidOperationException("The endpoint is not protected by API-key authentication."));
}

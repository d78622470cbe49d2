using System.Security.Claims;
using Helix.Core.Workspaces;

namespace Helix.Server.Auth;

internal static class WorkspaceAccess
{
    /// <summary>The workspace of the authenticated API key. Endpoints never take a workspace from the request.</summary>
    public static WorkspaceId Workspace(this ClaimsPrincipal user) =>
        new(user.FindFirstValue(ApiKeyAuthentication.WorkspaceClaim)
            ?? throw new InvalidOperationException("The endpoint is not protected by API-key authentication."));

    /// <summary>The store the key is scoped to (the guide card shows only members bound to it); null for none.</summary>
    public static string? StoreScope(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthentication.StoreClaim);
}

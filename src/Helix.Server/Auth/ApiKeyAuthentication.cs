using System.Security.Claims;
using System.Text.Encodings.Web;
using Helix.Core.Access;
using Helix.Core.Workspaces;
using Helix.Server.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Helix.Server.Auth;

/// <summary>
/// Management API keys: <c>Authorization: Bearer hxk_…</c>. The key is hashed and looked up; the
/// principal carries the key's workspace, which every management endpoint scopes its queries to.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IWorkspaceStore store,
    RoleResolver roles,
    LastUseBuffer lastUses,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string WorkspaceClaim = "helix:workspace";
    public const string KeyIdClaim = "helix:key";
    public const string StoreClaim = "helix:store";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 256)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        // Revoked keys are not found; an expired one is refused here. Either way a 401, checked on every request.
        var apiKey = await store.FindApiKeyByHashAsync(SecretKeys.Hash(key), Context.RequestAborted);
        var now = time.GetUtcNow();
        if (apiKey is null || !apiKey.IsActiveAt(now))
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired API key.");
        }

        // A role that no longer resolves grants nothing rather than failing the request.
        var role = await roles.ResolveAsync(apiKey.WorkspaceId, apiKey.Role, Context.RequestAborted);
        lastUses.Touch(apiKey.Id, apiKey.LastUsedAt, now);
        var identity = new ClaimsIdentity(
            [
                new Claim(WorkspaceClaim, apiKey.WorkspaceId.Value),
                new Claim(KeyIdClaim, apiKey.Id),
                new Claim(ClaimTypes.Name, apiKey.Name),
                new Claim(ClaimTypes.Role, apiKey.Role),
                .. apiKey.Store is { } scope ? [new Claim(StoreClaim, scope)] : Array.Empty<Claim>(),
                .. AccessRules.PermissionsOf(apiKey, role).Select(p => new Claim(Permissions.Claim, p)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
                title: "Unauthorized",
                detail: "An API key is required: 'Authorization: Bearer <key>'.",
                statusCode: StatusCodes.Status401Unauthorized)
            .ExecuteAsync(Context);
    }
}

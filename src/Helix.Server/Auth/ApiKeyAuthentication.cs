using System.Security.Claims;
using System.Text.Encodings.Web;
using Helix.Core.Access;
using Helix.Core.Workspaces;
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
    IWorkspaceStore store) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string WorkspaceClaim = "helix:workspace";
    public const string KeyIdClaim = "helix:key";

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

        var apiKey = await store.FindApiKeyByHashAsync(SecretKeys.Hash(key), Context.RequestAborted);
        if (apiKey is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }

        // A role this Helix does not know grants nothing rather than failing the request.
        var permissions = Role.BuiltIn.TryGetValue(apiKey.Role, out var role) ? Permissions.ClaimsOf(role) : [];
        var identity = new ClaimsIdentity(
            [
                new Claim(WorkspaceClaim, apiKey.WorkspaceId.Value),
                new Claim(KeyIdClaim, apiKey.Id),
                new Claim(ClaimTypes.Name, apiKey.Name),
                new Claim(ClaimTypes.Role, apiKey.Role),
                .. permissions,
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

using Helix.Core.Access;
using Helix.Core.Workspaces;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Access;

/// <summary>API keys and roles of the caller's workspace (docs/access.md). Every endpoint needs access:manage.</summary>
public static class AccessApi
{
    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/access/keys").WithTags("Access").RequirePermission(Permission.AccessManage);
        keys.MapPost("/", IssueAsync)
            .WithSummary("Issues an API key {name, role, expiresAt?, store?} and returns its plaintext (shown only once; only its hash is stored)")
            .Produces<IssuedKeyResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapGet("/", ListKeysAsync).WithSummary("The workspace's API keys, revoked ones too; never a key or its hash").Produces<KeyResponse[]>();
        keys.MapDelete("/{id}", RevokeAsync)
            .WithSummary("Revokes a key at once; the workspace's last active admin key cannot be revoked (409)")
            .Produces<KeyResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        RolesApi.Map(app.MapGroup("/api/v1/access/roles").WithTags("Access").RequirePermission(Permission.AccessManage));
        return app;
    }

    /// <param name="ExpiresAt">ISO 8601 (<c>2027-01-31T00:00:00Z</c>); omitted for a key that does not expire.</param>
    /// <param name="Store">Limits the guide's member card to members bound to this store; such a key holds at most guide:read and definitions:read.</param>
    public sealed record IssueKeyRequest(string? Name, string? Role, string? ExpiresAt, string? Store);

    public sealed record KeyResponse(
        string Id, string Name, string Role, string? Store, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    /// <param name="Key">The plaintext key (<c>hxk_…</c>): shown in this response only.</param>
    public sealed record IssuedKeyResponse(
        string Id, string Name, string Role, string? Store, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key);

    private static async Task<IResult> IssueAsync(
        IssueKeyRequest? request, HttpContext context, IAccessStore store, RoleResolver roles, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var role = string.IsNullOrEmpty(request?.Role) || request.Role.Length > AccessRules.MaxRoleNameLength
            ? null
            : await roles.ResolveAsync(workspace, request.Role, context.RequestAborted);
        var now = time.GetUtcNow();
        var (draft, errors) = AccessRules.CheckKey(request?.Name, request?.Role, role, request?.ExpiresAt, request?.Store, now);
        if (draft is null)
        {
            return ProblemResults.Invalid("Invalid API key request", errors);
        }

        var plaintext = SecretKeys.NewApiKey();
        var key = await store.IssueApiKeyAsync(workspace, draft, SecretKeys.Hash(plaintext), now, context.RequestAborted);
        return key is null
            ? ProblemResults.Field("role", $"no built-in or custom role is named '{draft.Role}'")
            : TypedResults.Created($"/api/v1/access/keys/{key.Id}", new IssuedKeyResponse(key.Id, key.Name, key.Role, key.Store, key.CreatedAt, key.ExpiresAt, plaintext));
    }

    private static async Task<IResult> ListKeysAsync(HttpContext context, IAccessStore store, LastUseBuffer lastUses)
    {
        var keys = await store.ListApiKeysAsync(context.User.Workspace(), context.RequestAborted);
        // A use noted but not yet written is shown too, so the list does not lag by the flush interval.
        return Results.Ok(keys.Select(k => Response(k with { LastUsedAt = Later(k.LastUsedAt, lastUses.Pending(k.Id)) })).ToArray());
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext context, IAccessStore store, TimeProvider time)
    {
        var result = await store.RevokeApiKeyAsync(context.User.Workspace(), id, time.GetUtcNow(), context.RequestAborted);
        return result.Outcome switch
        {
            KeyRevocationOutcome.NotFound => ProblemResults.NotFound("No API key of this workspace has this id."),
            KeyRevocationOutcome.LastAdmin => Results.Problem(
                title: "Conflict",
                detail: "This is the workspace's last active admin key: issue another admin key before revoking it.",
                statusCode: StatusCodes.Status409Conflict),
            _ => Results.Ok(Response(result.Key!)),
        };
    }

    private static KeyResponse Response(ApiKey k) => new(k.Id, k.Name, k.Role, k.Store, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

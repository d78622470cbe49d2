using Helix.Core.Access;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Access;

/// <summary>Built-in and custom roles. Built-in roles are listed but cannot be changed or deleted.</summary>
internal static class RolesApi
{
    public static void Map(RouteGroupBuilder roles)
    {
        roles.MapGet("/", ListAsync).WithSummary("Every role of the workspace: the built-in ones (builtIn: true) and custom ones, with their permissions").Produces<RoleResponse[]>();
        roles.MapGet("/{name}", GetAsync).WithSummary("One role and its permissions").Produces<RoleResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        roles.MapPut("/{name}", PutAsync)
            .WithSummary("Creates or replaces a custom role {permissions: [...]}: lowercase letters, digits and dashes, not a built-in name")
            .Produces<RoleResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        roles.MapDelete("/{name}", DeleteAsync)
            .WithSummary("Deletes a custom role no unrevoked key carries (409 otherwise)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public sealed record RoleRequest(IReadOnlyList<string?>? Permissions);

    public sealed record RoleResponse(string Name, bool BuiltIn, IReadOnlyList<string> Permissions);

    private static async Task<IResult> ListAsync(HttpContext context, IAccessStore store)
    {
        var custom = await store.ListCustomRolesAsync(context.User.Workspace(), context.RequestAborted);
        return Results.Ok(Role.BuiltIn.Values.Select(r => Response(r, true)).Concat(custom.Select(r => Response(r, false))).ToArray());
    }

    private static async Task<IResult> GetAsync(string name, HttpContext context, RoleResolver roles)
    {
        var role = name.Length > AccessRules.MaxRoleNameLength ? null : await roles.ResolveAsync(context.User.Workspace(), name, context.RequestAborted);
        return role is null ? ProblemResults.NotFound("No role of this workspace has this name.") : Results.Ok(Response(role, Role.BuiltIn.ContainsKey(name)));
    }

    private static async Task<IResult> PutAsync(string name, RoleRequest? request, HttpContext context, IAccessStore store, RoleResolver roles, TimeProvider time)
    {
        if (AccessRules.RoleNameProblem(name) is { } problem)
        {
            return ProblemResults.Field("name", problem);
        }

        var (role, errors) = AccessRules.CheckRole(name, request?.Permissions);
        if (role is null)
        {
            return ProblemResults.Invalid("Invalid role", errors);
        }

        var workspace = context.User.Workspace();
        await store.PutCustomRoleAsync(workspace, role, time.GetUtcNow(), context.RequestAborted);
        roles.Invalidate(workspace, name);
        return Results.Ok(Response(role, false));
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, IAccessStore store, RoleResolver roles)
    {
        if (AccessRules.RoleNameProblem(name) is { } problem)
        {
            return ProblemResults.Field("name", problem);
        }

        var workspace = context.User.Workspace();
        var result = await store.DeleteCustomRoleAsync(workspace, name, context.RequestAborted);
        roles.Invalidate(workspace, name);
        return result.Outcome switch
        {
            RoleDeletionOutcome.NotFound => ProblemResults.NotFound("No custom role of this workspace has this name."),
            RoleDeletionOutcome.InUse => Results.Problem(
                title: "Conflict",
                detail: $"{result.KeysUsingIt} unrevoked API keys carry this role: revoke them or give them another role first.",
                statusCode: StatusCodes.Status409Conflict),
            _ => Results.NoContent(),
        };
    }

    private static RoleResponse Response(Role role, bool builtIn) => new(role.Name, builtIn, [.. role.Permissions.Order(StringComparer.Ordinal)]);
}

using Helix.Core.Access;
using Helix.Core.Workspaces;
using Helix.Server.Auth;
using Helix.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Helix.Server.Sources;

/// <summary>Sources (channels) of the caller's workspace.</summary>
public static class SourcesApi
{
    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sources").WithTags("Sources");
        group.MapPost("/", CreateAsync)
            .RequirePermission(Permission.SourcesManage)
            .WithSummary("Creates a source and returns its write key (shown only once)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", ListAsync).RequirePermission(Permission.SourcesManage).WithSummary("Lists the workspace's sources");
        return app;
    }

    /// <param name="Trust">"untrusted" (the default: a key that ships in a browser or an app) or "trusted" (a server-side integration).</param>
    public sealed record CreateSourceRequest(string? Name, string? Trust);

    public sealed record SourceResponse(string Id, string Name, string Trust, DateTimeOffset CreatedAt);

    public sealed record CreatedSourceResponse(string Id, string Name, string Trust, string WriteKey, DateTimeOffset CreatedAt);

    private static async Task<IResult> CreateAsync(CreateSourceRequest? request, HttpContext context, IWorkspaceStore store, TimeProvider time)
    {
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            return ProblemResults.Field("name", "is required: 1–200 printable characters");
        }

        SourceTrust trust;
        switch (request?.Trust)
        {
            case null or "untrusted": trust = SourceTrust.Untrusted; break;
            case "trusted": trust = SourceTrust.Trusted; break;
            default: return ProblemResults.Field("trust", "must be 'trusted' (a server-side integration) or 'untrusted' (a key in a browser or app)");
        }

        var writeKey = SecretKeys.NewWriteKey();
        var source = await store.CreateSourceAsync(context.User.Workspace(), name, trust, SecretKeys.Hash(writeKey), time.GetUtcNow(), context.RequestAborted);
        return TypedResults.Created($"/api/v1/sources/{source.Id}", new CreatedSourceResponse(source.Id.Value, source.Name, Text(source.Trust), writeKey, source.CreatedAt));
    }

    private static async Task<Ok<SourceResponse[]>> ListAsync(HttpContext context, IWorkspaceStore store)
    {
        var sources = await store.ListSourcesAsync(context.User.Workspace(), context.RequestAborted);
        return TypedResults.Ok(sources.Select(s => new SourceResponse(s.Id.Value, s.Name, Text(s.Trust), s.CreatedAt)).ToArray());
    }

    private static string Text(SourceTrust trust) => trust == SourceTrust.Untrusted ? "untrusted" : "trusted";
}

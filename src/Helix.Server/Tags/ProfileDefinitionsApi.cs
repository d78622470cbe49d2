using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Profiles.Facts;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;

namespace Helix.Server.Tags;

/// <summary>
/// The workspace's computed traits and tag catalog as one versioned document (JSON or YAML): what a data
/// team keeps in version control and applies. Each PUT is a new version in the event log; the pipeline
/// builds new computed traits from history once, then keeps them current event by event.
/// </summary>
public static class ProfileDefinitionsApi
{
    /// <summary>Definitions documents larger than this are refused (a catalog of 600 tags is about 300 KB).</summary>
    public const int MaxDocumentChars = 2_000_000;

    public static IEndpointRouteBuilder MapProfileDefinitionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/profile-definitions").WithTags("Tags");
        group.MapGet("/", GetAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("The computed traits, tag categories and tags in force, with their version; ?format=yaml for YAML")
            .Produces<DefinitionsResponse>();
        group.MapPut("/", PutAsync)
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Replaces the whole document (JSON, or YAML with Content-Type application/yaml) as a new version; every error names its field")
            .Produces<DefinitionsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/versions", VersionsAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("Every version: who set it, when, and its log position, newest first")
            .Produces<IReadOnlyList<VersionResponse>>();
        return app;
    }

    public sealed record DefinitionsResponse(int Version, string? SetBy, DateTimeOffset? SetAt, JsonElement Definitions);

    public sealed record VersionResponse(int Version, string RecordId, long Position, string SetBy, DateTimeOffset SetAt);

    private static async Task<IResult> GetAsync(string? format, HttpContext context, IProfileFactsStore store)
    {
        var current = await store.CurrentDefinitionsAsync(context.User.Workspace(), context.RequestAborted);
        var json = current?.Json ?? ProfileDefinitions.Empty.ToJson();
        if (string.Equals(format, "yaml", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text(DefinitionsDocument.ToYaml(json), "application/yaml");
        }

        return Results.Ok(new DefinitionsResponse(current?.Version ?? 0, current?.RequestedBy, current?.RequestedAt, JsonElement.Parse(json)));
    }

    private static async Task<IResult> PutAsync(HttpContext context, DefinitionsSubmission submission)
    {
        var text = await RequestText.ReadAsync(context.Request, MaxDocumentChars);
        if (text is null)
        {
            return ProblemResults.Field("body", $"is larger than {MaxDocumentChars} characters", StatusCodes.Status413PayloadTooLarge);
        }

        var (root, error) = DefinitionsDocument.Read(text, context.Request.ContentType);
        if (root is null)
        {
            return ProblemResults.Field("body", error!);
        }

        var (applied, problem) = await submission.ChangeAsync(context.User.Workspace(), OperationSubmission.RequestedBy(context), current =>
        {
            var (next, errors) = ProfileDefinitions.Parse(root.Value, current.Version);
            return next is null ? (null, ProblemResults.Invalid("Invalid profile definitions", errors)) : (next, null);
        }, context.RequestAborted);
        return problem ?? Results.Ok(new DefinitionsResponse(applied!.Version, OperationSubmission.RequestedBy(context), null, JsonElement.Parse(applied.ToJson())));
    }

    private static async Task<IResult> VersionsAsync(HttpContext context, IProfileFactsStore store)
    {
        var versions = await store.DefinitionsHistoryAsync(context.User.Workspace(), context.RequestAborted);
        return Results.Ok(versions.Select(v => new VersionResponse(v.Version, v.RecordId, v.Position, v.RequestedBy, v.RequestedAt)).ToArray());
    }
}

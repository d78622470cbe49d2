using System.Text.Json;
using Helix.Core;
using Helix.Core.Access;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;

namespace Helix.Server.Tags;

/// <summary>
/// Tags one at a time, with governance: each change is a new definitions version, or — when the workspace
/// requires approval — a proposal that a second key approves before it goes live. A tag that other tags read
/// cannot be deleted from under them.
/// </summary>
public static class TagsApi
{
    public static IEndpointRouteBuilder MapTagsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tags").WithTags("Tags");
        group.MapGet("/", ListAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("The taxonomy: categories, and each tag with its kind, owner, how many persons have it and what reads it")
            .Produces<CatalogResponse>();
        group.MapGet("/{name}", GetAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("One tag's definition, usage and pending proposals")
            .Produces<TagResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", PutAsync)
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Creates or changes a tag (its JSON definition); live at once, or a pending proposal when the workspace requires approval")
            .Produces<TagResponse>()
            .Produces<ProposalResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{name}", DeleteAsync)
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Deletes a tag; 409 while other tags read it")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ProposalResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/categories/{name}", PutCategoryAsync)
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Creates or changes a category of the taxonomy: {description, owner}")
            .Produces<CategoryResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/proposals", ProposalsAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("Tag changes waiting for approval (?status=pending|approved|rejected)")
            .Produces<IReadOnlyList<ProposalResponse>>();
        group.MapPost("/proposals/{id}/approve", (string id, HttpContext context, IProfileFactsStore store, DefinitionsSubmission submission, TimeProvider time) =>
                DecideAsync(id, TagProposalStatus.Approved, context, store, submission, time))
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Approves a proposal and puts it live; the proposer's own key cannot approve it")
            .Produces<ProposalResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/proposals/{id}/reject", (string id, HttpContext context, IProfileFactsStore store, DefinitionsSubmission submission, TimeProvider time) =>
                DecideAsync(id, TagProposalStatus.Rejected, context, store, submission, time))
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Rejects a proposal")
            .Produces<ProposalResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record CategoryResponse(string Name, string? Description, string? Owner, int Tags);

    public sealed record TagResponse(
        string Name, string Kind, string Category, string? Description, string? Owner, long Persons, IReadOnlyList<string> UsedBy,
        int DefinitionsVersion, JsonElement Definition);

    public sealed record CatalogResponse(int Version, bool RequireApproval, IReadOnlyList<CategoryResponse> Categories, IReadOnlyList<TagResponse> Tags);

    public sealed record ProposalResponse(
        string ProposalId, string Tag, string Change, string Status, int DefinitionsVersion, JsonElement? Definition,
        string ProposedBy, DateTimeOffset ProposedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? Note);

    private static async Task<IResult> ListAsync(HttpContext context, DefinitionsSubmission submission, IProfileFactsStore store)
    {
        var workspace = context.User.Workspace();
        var definitions = await submission.CurrentAsync(workspace, context.RequestAborted);
        var counts = await store.CountTagsAsync(workspace, context.RequestAborted);
        return Results.Ok(new CatalogResponse(
            definitions.Version,
            definitions.RequireApproval,
            [.. definitions.Catalog.Categories.Select(c => new CategoryResponse(c.Name, c.Description, c.Owner, definitions.Catalog.Tags.Count(t => t.Category == c.Name)))],
            [.. definitions.Catalog.Tags.OrderBy(t => t.Category, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).Select(t => ToResponse(definitions, t, counts))]));
    }

    private static async Task<IResult> GetAsync(string name, HttpContext context, DefinitionsSubmission submission, IProfileFactsStore store)
    {
        var workspace = context.User.Workspace();
        var definitions = await submission.CurrentAsync(workspace, context.RequestAborted);
        if (definitions.Tag(name) is not { } tag)
        {
            return ProblemResults.NotFound($"No tag '{name}'.");
        }

        return Results.Ok(ToResponse(definitions, tag, await store.CountTagsAsync(workspace, context.RequestAborted)));
    }

    private static async Task<IResult> PutAsync(string name, HttpContext context, DefinitionsSubmission submission, IProfileFactsStore store, TimeProvider time)
    {
        var (body, bodyProblem) = await ReadObjectAsync(context);
        if (body is not { } definition)
        {
            return bodyProblem!;
        }

        if (definition.TryGetProperty("name", out var named) && named.ValueKind == JsonValueKind.String && named.GetString() != name)
        {
            return ProblemResults.Field("name", $"must be '{name}', the tag in the URL, or left out");
        }

        var json = WithName(definition, name);
        return await ProposeOrApplyAsync(name, json, context, submission, store, time);
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, DefinitionsSubmission submission, IProfileFactsStore store, TimeProvider time)
    {
        var definitions = await submission.CurrentAsync(context.User.Workspace(), context.RequestAborted);
        if (definitions.Tag(name) is null)
        {
            return ProblemResults.NotFound($"No tag '{name}'.");
        }

        if (UsedBy(definitions, name) is { Count: > 0 } users)
        {
            return Results.Problem(title: "Tag in use", detail: $"Tag '{name}' is read by {string.Join(", ", users)}; change or delete those first.", statusCode: StatusCodes.Status409Conflict);
        }

        return await ProposeOrApplyAsync(name, null, context, submission, store, time);
    }

    private static async Task<IResult> PutCategoryAsync(string name, HttpContext context, DefinitionsSubmission submission)
    {
        var (body, bodyProblem) = await ReadObjectAsync(context);
        if (body is not { } category)
        {
            return bodyProblem!;
        }

        var (applied, problem) = await submission.ChangeAsync(context.User.Workspace(), OperationSubmission.RequestedBy(context), current =>
        {
            var (next, errors) = current.WithCategory(name, WithName(category, name));
            return next is null ? (null, ProblemResults.Invalid("Invalid category", errors)) : (next, null);
        }, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var saved = applied!.Catalog.Categories.First(c => c.Name == name);
        return Results.Ok(new CategoryResponse(saved.Name, saved.Description, saved.Owner, applied.Catalog.Tags.Count(t => t.Category == name)));
    }

    private static async Task<IResult> ProposalsAsync(string? status, HttpContext context, IProfileFactsStore store)
    {
        TagProposalStatus? filter = null;
        if (status is not null)
        {
            if (!WireNames.TryParse<TagProposalStatus>(status.ToLowerInvariant(), out var parsed))
            {
                return ProblemResults.Field("status", "must be pending, approved or rejected");
            }

            filter = parsed;
        }

        var proposals = await store.GetProposalsAsync(context.User.Workspace(), filter, context.RequestAborted);
        return Results.Ok(proposals.Select(ToResponse).ToArray());
    }

    private static async Task<IResult> DecideAsync(
        string id, TagProposalStatus decision, HttpContext context, IProfileFactsStore store, DefinitionsSubmission submission, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var proposal = await store.GetProposalAsync(workspace, id, context.RequestAborted);
        if (proposal is null)
        {
            return ProblemResults.NotFound($"No proposal '{id}'.");
        }

        var by = OperationSubmission.RequestedBy(context);
        if (proposal.Status != TagProposalStatus.Pending)
        {
            return Results.Problem(title: "Already decided", detail: $"Proposal '{id}' is {WireNames.Of(proposal.Status)}.", statusCode: StatusCodes.Status409Conflict);
        }

        if (decision == TagProposalStatus.Approved)
        {
            if (proposal.ProposedBy == by)
            {
                return Results.Problem(title: "Four eyes", detail: "A proposal is approved by another key than the one that proposed it.", statusCode: StatusCodes.Status409Conflict);
            }

            var (_, problem) = await submission.ChangeAsync(workspace, by, current => Apply(current, proposal.Tag, proposal.Definition is { } d ? JsonElement.Parse(d) : null), context.RequestAborted);
            if (problem is not null)
            {
                return problem;
            }
        }

        var note = context.Request.Query["note"].FirstOrDefault();
        if (!await store.DecideProposalAsync(workspace, id, decision, by, time.GetUtcNow(), note, context.RequestAborted))
        {
            return Results.Problem(title: "Already decided", detail: $"Proposal '{id}' was decided meanwhile.", statusCode: StatusCodes.Status409Conflict);
        }

        var decided = (await store.GetProposalAsync(workspace, id, context.RequestAborted))!;
        return Results.Ok(ToResponse(decided));
    }

    /// <summary>A tag change goes live now, or waits as a proposal when the workspace requires approval. Validated either way, once.</summary>
    private static async Task<IResult> ProposeOrApplyAsync(
        string name, JsonElement? definition, HttpContext context, DefinitionsSubmission submission, IProfileFactsStore store, TimeProvider time)
    {
        var workspace = context.User.Workspace();
        var by = OperationSubmission.RequestedBy(context);
        var current = await submission.CurrentAsync(workspace, context.RequestAborted);
        if (current.RequireApproval)
        {
            // A proposal is checked against the version in force now; approving it checks again against the version then.
            if (Apply(current, name, definition) is (null, { } invalid))
            {
                return invalid;
            }

            var proposal = new TagProposal(
                workspace, OperationSubmission.NewId("tprop_"), name, current.Version, definition?.GetRawText(), TagProposalStatus.Pending, by, time.GetUtcNow());
            await store.AddProposalAsync(proposal, context.RequestAborted);
            return Results.Accepted($"/api/v1/tags/proposals?status=pending", ToResponse(proposal));
        }

        var (applied, problem) = await submission.ChangeAsync(workspace, by, c => Apply(c, name, definition), context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        return definition is null
            ? Results.NoContent()
            : Results.Ok(ToResponse(applied!, applied!.Tag(name)!, await store.CountTagsAsync(workspace, context.RequestAborted)));
    }

    private static (ProfileDefinitions?, IResult?) Apply(ProfileDefinitions current, string name, JsonElement? definition)
    {
        var (next, errors) = current.WithTag(name, definition);
        return next is null ? (null, ProblemResults.Invalid("Invalid tag", errors)) : (next, null);
    }

    /// <summary>The other tags whose definitions read <paramref name="name"/>.</summary>
    internal static List<string> UsedBy(ProfileDefinitions definitions, string name) =>
        [
            .. definitions.Catalog.Tags.Where(t => t.Name != name && TagSpec.DependenciesOf(t).Tags.Contains(name)).Select(t => t.Name).Order(StringComparer.Ordinal),
            .. definitions.SegmentsReading(c => c is TagReferenceCondition t && t.Tag == name).Select(s => $"segment {s}"),
        ];

    private static TagResponse ToResponse(ProfileDefinitions definitions, TagDefinition tag, IReadOnlyDictionary<string, long> counts) =>
        new(tag.Name, WireNames.Of(tag.Kind), tag.Category, tag.Description, tag.Owner, counts.GetValueOrDefault(tag.Name),
            UsedBy(definitions, tag.Name), definitions.Version, TagJson(tag));

    private static ProposalResponse ToResponse(TagProposal p) =>
        new(p.ProposalId, p.Tag, p.Definition is null ? "delete" : "put", WireNames.Of(p.Status), p.DefinitionsVersion,
            p.Definition is { } d ? JsonElement.Parse(d) : null, p.ProposedBy, p.ProposedAt, p.DecidedBy, p.DecidedAt, p.Note);

    private static JsonElement TagJson(TagDefinition tag)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TagSpec.WriteTag(writer, tag);
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    /// <summary>The body as a JSON object, or a problem naming the body.</summary>
    internal static async Task<(JsonElement? Body, IResult? Problem)> ReadObjectAsync(HttpContext context)
    {
        var text = await RequestText.ReadAsync(context.Request, ProfileDefinitionsApi.MaxDocumentChars);
        if (text is null)
        {
            return (null, ProblemResults.Field("body", $"is larger than {ProfileDefinitionsApi.MaxDocumentChars} characters", StatusCodes.Status413PayloadTooLarge));
        }

        var (root, error) = DefinitionsDocument.Read(text, context.Request.ContentType);
        if (root is not { ValueKind: JsonValueKind.Object } body)
        {
            return (null, ProblemResults.Field("body", error ?? "must be a JSON object"));
        }

        return (body, null);
    }

    /// <summary>The object with its name set from the URL.</summary>
    internal static JsonElement WithName(JsonElement element, string name)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            foreach (var property in element.EnumerateObject().Where(p => p.Name != "name"))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }
}

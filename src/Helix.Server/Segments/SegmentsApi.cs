using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Audiences;
using Helix.Core.Audiences.Segments;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Segments;

/// <summary>
/// Saved segments: defined one at a time (kept in the versioned profile definitions, like tags, so a segment
/// cannot lose a tag or computed trait from under it), their members, and every entry and exit.
/// </summary>
public static class SegmentsApi
{
    public static IEndpointRouteBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/segments").WithTags("Segments");
        group.MapGet("/", ListAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("Every saved segment with its condition (JSON and text), mode and member count")
            .Produces<IReadOnlyList<SegmentResponse>>();
        group.MapGet("/{name}", GetAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("One saved segment")
            .Produces<SegmentResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", PutAsync)
            .RequirePermission(Permission.SegmentsWrite)
            .WithSummary("Creates or changes a segment: {mode: realtime|scheduled, when: condition (JSON or text), schedule?, description?}")
            .Produces<SegmentResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{name}", DeleteAsync)
            .RequirePermission(Permission.SegmentsWrite)
            .WithSummary("Deletes a segment; 409 while another segment references it")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{name}/members", MembersAsync)
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("The segment's members in person id order, paged by ?limit= and ?cursor=")
            .Produces<MembersPage>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/history", HistoryAsync)
            .RequirePermission(Permission.ProfilesRead)
            .WithSummary("Segment Entered / Segment Exited, newest first; ?person= for one person")
            .Produces<IReadOnlyList<HistoryItem>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record SegmentResponse(
        string Name, string? Description, string Mode, string? Schedule, JsonElement? When, string? Text, long Members,
        IReadOnlyList<string> UsedBy, int DefinitionsVersion);

    public sealed record MembersPage(IReadOnlyList<SegmentMemberItem> Members, string? NextCursor);

    public sealed record SegmentMemberItem(string PersonId, DateTimeOffset? Since);

    public sealed record HistoryItem(string PersonId, string Segment, string Event, DateTimeOffset At, long Position, string Reason);

    private static async Task<IResult> ListAsync(HttpContext context, DefinitionsSubmission submission, ISegmentStore store)
    {
        var workspace = context.User.Workspace();
        var definitions = await submission.CurrentAsync(workspace, context.RequestAborted);
        var counts = await store.CountSegmentMembersAsync(workspace, context.RequestAborted);
        return Results.Ok(definitions.Segments.Select(s => ToResponse(definitions, s, counts)).ToArray());
    }

    private static async Task<IResult> GetAsync(string name, HttpContext context, DefinitionsSubmission submission, ISegmentStore store)
    {
        var (definitions, segment, problem) = await FindAsync(submission, context, name);
        return problem ?? Results.Ok(ToResponse(definitions, segment!, await store.CountSegmentMembersAsync(context.User.Workspace(), context.RequestAborted)));
    }

    /// <summary>The definitions in force and the key's workspace's segment <paramref name="name"/>, or a 404 naming it.</summary>
    internal static async Task<(ProfileDefinitions Definitions, SegmentDefinition? Segment, IResult? Problem)> FindAsync(
        DefinitionsSubmission submission, HttpContext context, string name)
    {
        var definitions = await submission.CurrentAsync(context.User.Workspace(), context.RequestAborted);
        return definitions.Segment(name) is { } segment ? (definitions, segment, null) : (definitions, null, ProblemResults.NotFound($"No segment '{name}'."));
    }

    private static async Task<IResult> PutAsync(
        string name, HttpContext context, DefinitionsSubmission submission, ISegmentStore store, SegmentRecompute recompute)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } definition)
        {
            return bodyProblem!;
        }

        var (applied, problem) = await submission.ChangeAsync(context.User.Workspace(), OperationSubmission.RequestedBy(context), current =>
        {
            var (next, errors) = current.WithSegment(name, TagsApi.WithName(definition, name));
            return next is null ? (null, ProblemResults.Invalid("Invalid segment", [.. errors.Select(Unprefixed)])) : (next, null);
        }, context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        // A scheduled segment's members follow its new condition at once, not at the next cron.
        var segment = applied!.Segment(name)!;
        if (segment.Mode == SegmentMode.Scheduled)
        {
            await recompute.RunAsync(context.User.Workspace(), segment, applied, "definition", context.RequestAborted);
        }

        var counts = await store.CountSegmentMembersAsync(context.User.Workspace(), context.RequestAborted);
        return Results.Ok(ToResponse(applied, segment, counts));
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, DefinitionsSubmission submission)
    {
        var (_, problem) = await submission.ChangeAsync(context.User.Workspace(), OperationSubmission.RequestedBy(context), current =>
        {
            if (current.Segment(name) is null)
            {
                return (null, ProblemResults.NotFound($"No segment '{name}'."));
            }

            if (UsedBy(current, name) is { Count: > 0 } users)
            {
                return (null, Results.Problem(
                    title: "Segment in use", detail: $"Segment '{name}' is referenced by {string.Join(", ", users)}; change or delete those first.",
                    statusCode: StatusCodes.Status409Conflict));
            }

            var (next, errors) = current.WithSegment(name, null);
            return next is null ? (null, ProblemResults.Invalid("Invalid definitions", errors)) : (next, null);
        }, context.RequestAborted);
        return problem ?? Results.NoContent();
    }

    private static async Task<IResult> MembersAsync(
        string name, int? limit, string? cursor, HttpContext context, DefinitionsSubmission submission, ISegmentStore store)
    {
        var workspace = context.User.Workspace();
        if ((Paging.Size(limit, out var size) ?? (await FindAsync(submission, context, name)).Problem) is { } problem)
        {
            return problem;
        }

        var members = await store.SegmentMembersAsync(workspace, name, size + 1, cursor is null ? null : new PersonId(cursor), context.RequestAborted);
        var page = members.Take(size).Select(m => new SegmentMemberItem(m.Person.Value, m.Since)).ToList();
        return Results.Ok(new MembersPage(page, members.Count > size ? page[^1].PersonId : null));
    }

    private static async Task<IResult> HistoryAsync(
        string name, string? person, int? limit, HttpContext context, DefinitionsSubmission submission, ISegmentStore store)
    {
        var workspace = context.User.Workspace();
        if ((Paging.Size(limit, out var size) ?? (await FindAsync(submission, context, name)).Problem) is { } problem)
        {
            return problem;
        }

        var history = await store.SegmentHistoryAsync(workspace, name, person is null ? null : new PersonId(person), size, context.RequestAborted);
        return Results.Ok(history.Select(h => new HistoryItem(h.Person.Value, h.Segment, h.EventName, h.At, h.Position, h.Reason)).ToArray());
    }

    /// <summary>The other segments that reference <paramref name="name"/>.</summary>
    private static List<string> UsedBy(ProfileDefinitions definitions, string name) =>
        [.. definitions.SegmentsReading(c => c is SegmentReferenceCondition r && r.Segment == name).Where(s => s != name).Order(StringComparer.Ordinal)];

    /// <summary>A one-segment edit reports its fields without the document's <c>segments[i].</c> prefix: the body is the segment.</summary>
    private static Core.Collect.FieldError Unprefixed(Core.Collect.FieldError error) =>
        error.Field.StartsWith("segments[", StringComparison.Ordinal) && error.Field.IndexOf("].", StringComparison.Ordinal) is > 0 and var end
            ? error with { Field = error.Field[(end + 2)..] }
            : error;

    private static SegmentResponse ToResponse(ProfileDefinitions definitions, SegmentDefinition segment, IReadOnlyDictionary<string, long> counts) =>
        new(segment.Name, segment.Description, SegmentSpec.ModeName(segment.Mode), segment.Schedule,
            segment.When is { } when ? JsonElement.Parse(AudienceSpec.ToJson(when)) : null, segment.When is { } w ? AudienceText.Print(w) : null, counts.GetValueOrDefault(segment.Name),
            UsedBy(definitions, segment.Name), definitions.Version);
}

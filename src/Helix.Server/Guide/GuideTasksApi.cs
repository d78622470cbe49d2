using System.Text.Json;
using System.Text.RegularExpressions;
using Helix.Core;
using Helix.Core.Access;
using Helix.Core.Collect;
using Helix.Core.Guide;
using Helix.Core.Profiles;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Guide;

/// <summary>
/// The store guides' tasks (导购任务) that journeys' <c>guide_task</c> actions create: listed for a store or a guide,
/// completed once with an outcome. A store-scoped key sees and completes only its store's tasks; another store's task
/// answers 404, as on the member card.
/// </summary>
public static partial class GuideTasksApi
{
    public const int MaxNoteLength = 2000;

    public static IEndpointRouteBuilder MapGuideTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/guide/tasks").WithTags("Guide");
        group.MapGet("/", ListAsync)
            .RequirePermission(Permission.GuideRead)
            .WithSummary("Guide tasks by due time: ?status=open|done|overdue, ?guide=, ?store= (a store-scoped key sees only its store), ?limit= (1–1000, default 50); open tasks past due are overdue")
            .Produces<IReadOnlyList<GuideTaskResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/{id}/completion", CompleteAsync)
            .RequirePermission(Permission.GuideTasks)
            .WithSummary("Completes a task once: {outcome, note?}; records the event 'Guide Task Completed' for the member; 409 when already completed")
            .Produces<GuideTaskResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <param name="Status">open, overdue (open and past <paramref name="DueAt"/>) or done.</param>
    /// <param name="Guide">The member's bound guide; null for a task of the whole store (the member has no guide).</param>
    /// <param name="Member">The member's name and phone, masked as on the member card.</param>
    public sealed record GuideTaskResponse(
        string Id, string Status, string PersonId, MemberResponse Member, string Store, string? Guide, string Title, string? Note,
        DateTimeOffset DueAt, DateTimeOffset CreatedAt, string Journey, string Step, CompletionResponse? Completion);

    public sealed record MemberResponse(string? Name, string? Phone);

    public sealed record CompletionResponse(string Outcome, string? Note, DateTimeOffset CompletedAt);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex OutcomePattern();

    private static async Task<IResult> ListAsync(
        string? status, string? guide, string? store, int? limit, HttpContext context, IGuideTaskStore tasks, IProfileReader profiles, TimeProvider time)
    {
        GuideTaskStatus? wanted = null;
        if (status is not null)
        {
            if (!WireNames.TryParse(status, out GuideTaskStatus parsed))
            {
                return ProblemResults.Field("status", "is open, done or overdue");
            }

            wanted = parsed;
        }

        if (Paging.Size(limit, out var size) is { } problem)
        {
            return problem;
        }

        // A store-scoped key lists its own store whatever it asks for: another store's tasks are simply not there.
        var scope = context.User.StoreScope();
        if (scope is not null && store is not null && store != scope)
        {
            return Results.Ok(Array.Empty<GuideTaskResponse>());
        }

        var workspace = context.User.Workspace();
        var now = time.GetUtcNow();
        var found = await tasks.ListGuideTasksAsync(workspace, new GuideTaskQuery(wanted, scope ?? store, guide, size), now, context.RequestAborted);
        var responses = new List<GuideTaskResponse>(found.Count);
        foreach (var task in found)
        {
            responses.Add(Response(task, await profiles.GetProfileAsync(workspace, task.Person, context.RequestAborted), now));
        }

        return Results.Ok(responses);
    }

    private static async Task<IResult> CompleteAsync(
        string id, HttpContext context, IGuideTaskStore tasks, IProfileReader profiles, GuideTaskCompletions completions, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        var errors = new List<FieldError>();
        var outcome = request.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        if (outcome is null || !OutcomePattern().IsMatch(outcome))
        {
            errors.Add(new FieldError("outcome", "is required: 1–64 lowercase letters, digits and underscores, starting with a letter, such as contacted, no_answer or purchased"));
        }

        string? note = null;
        if (request.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null
            && (n.ValueKind != JsonValueKind.String || (note = n.GetString()!).Length > MaxNoteLength))
        {
            errors.Add(new FieldError("note", $"is text of at most {MaxNoteLength} characters"));
        }

        foreach (var property in request.EnumerateObject().Where(p => p.Name is not ("outcome" or "note")))
        {
            errors.Add(new FieldError(property.Name, "is not a field of a completion: outcome, note"));
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid("Invalid completion", errors);
        }

        var workspace = context.User.Workspace();
        if (await tasks.GetGuideTaskAsync(workspace, id, context.RequestAborted) is not { } task
            || (context.User.StoreScope() is { } store && task.Store != store))
        {
            return ProblemResults.NotFound($"No guide task '{id}'.");
        }

        if (await completions.CompleteAsync(workspace, task, outcome!, note, OperationSubmission.RequestedBy(context), context.RequestAborted) is not { } done)
        {
            return Results.Problem(title: "Already completed", statusCode: StatusCodes.Status409Conflict, detail: $"Guide task '{id}' was completed already; a task is completed once.");
        }

        return Results.Ok(Response(done, await profiles.GetProfileAsync(workspace, done.Person, context.RequestAborted), time.GetUtcNow()));
    }

    private static GuideTaskResponse Response(GuideTask task, ProfileView? profile, DateTimeOffset now)
    {
        var (name, phone) = profile is null ? (null, null) : GuideCard.MaskedContact(profile);
        var status = task.IsDone ? GuideTaskStatus.Done : task.IsOverdue(now) ? GuideTaskStatus.Overdue : GuideTaskStatus.Open;
        return new GuideTaskResponse(task.Id, WireNames.Of(status), task.Person.Value, new MemberResponse(name, phone), task.Store, task.Guide, task.Title, task.Note,
            task.DueAt, task.CreatedAt, task.Journey, task.Step,
            task.Completion is { } c ? new CompletionResponse(c.Outcome, c.Note, c.CompletedAt) : null);
    }
}

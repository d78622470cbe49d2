using System.Text.Json;
using Helix.Core;
using Helix.Core.Access;
using Helix.Core.Collect;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Profiles.Facts;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Journeys.Actions;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Journeys;

/// <summary>
/// Journeys as versioned definitions (docs/journeys.md): saved, checked whole against the language and the workspace's
/// segments, tags and traits, and moved through draft, live, paused and archived. The runtime (Journeys/Runtime) runs the live ones.
/// </summary>
public static class JourneysApi
{
    public static IEndpointRouteBuilder MapJourneysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/journeys").WithTags("Journeys");
        group.MapGet("/", ListAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("Every journey with its status and current version")
            .Produces<IReadOnlyList<JourneySummaryResponse>>();
        group.MapGet("/{name}", GetAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("A journey: status, current definition and every version")
            .Produces<JourneyResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", PutAsync)
            .RequirePermission(Permission.JourneysWrite)
            .WithSummary("Saves a journey definition as its next version (a new journey is a draft); 400 names each bad field")
            .Produces<JourneyResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{name}/status", StatusAsync)
            .RequirePermission(Permission.JourneysWrite)
            .WithSummary("Moves a journey: {status: live|paused|archived}; draft → live, live ⇄ paused, anything → archived (final)")
            .Produces<JourneyResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public sealed record JourneySummaryResponse(string Name, string Status, int Version, DateTimeOffset UpdatedAt);

    public sealed record VersionResponse(int Version, DateTimeOffset SavedAt, string SavedBy);

    public sealed record JourneyResponse(string Name, string Status, int Version, DateTimeOffset UpdatedAt, JsonElement Definition, IReadOnlyList<VersionResponse> Versions);

    private static async Task<IResult> ListAsync(HttpContext context, IJourneyStore store) =>
        Results.Ok((await store.ListJourneysAsync(context.User.Workspace(), context.RequestAborted))
            .Select(j => new JourneySummaryResponse(j.Name, WireNames.Of(j.Status), j.Version, j.UpdatedAt)).ToList());

    private static async Task<IResult> GetAsync(string name, HttpContext context, IJourneyStore store) =>
        await ResponseAsync(store, context, name) is { } response ? Results.Ok(response) : ProblemResults.NotFound($"No journey '{name}'.");

    private static async Task<IResult> PutAsync(string name, HttpContext context, IJourneyStore store, DefinitionsSubmission submission, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        var (journey, errors) = JourneySpec.Parse(request);
        var workspace = context.User.Workspace();
        if (journey is not null)
        {
            errors = [.. errors, .. References(journey, await submission.CurrentAsync(workspace, context.RequestAborted))];
            if (journey.Name != name)
            {
                errors = [.. errors, new FieldError("name", $"is '{journey.Name}', but the path names '{name}'")];
            }
        }

        if (errors.Count > 0)
        {
            return ProblemResults.Invalid("Invalid journey", errors);
        }

        if (await store.GetJourneyAsync(workspace, name, context.RequestAborted) is { Status: JourneyStatus.Archived })
        {
            return Results.Problem(title: "Journey archived", detail: $"Journey '{name}' is archived; save it under a new name.", statusCode: StatusCodes.Status409Conflict);
        }

        await store.SaveJourneyAsync(workspace, name, request.GetRawText(), OperationSubmission.RequestedBy(context), time.GetUtcNow(), context.RequestAborted);
        return Results.Ok(await ResponseAsync(store, context, name));
    }

    private static async Task<IResult> StatusAsync(string name, HttpContext context, IJourneyStore store, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        if (!request.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.String || !WireNames.TryParse(s.GetString(), out JourneyStatus status)
            || status == JourneyStatus.Draft)
        {
            return ProblemResults.Field("status", "is live, paused or archived");
        }

        var workspace = context.User.Workspace();
        if (await store.GetJourneyAsync(workspace, name, context.RequestAborted) is not { } journey)
        {
            return ProblemResults.NotFound($"No journey '{name}'.");
        }

        if (journey.Status != status && !JourneyLifecycle.CanMove(journey.Status, status))
        {
            return Results.Problem(title: "Not allowed", statusCode: StatusCodes.Status409Conflict,
                detail: $"Journey '{name}' is {WireNames.Of(journey.Status)} and cannot become {WireNames.Of(status)}: draft → live, live ⇄ paused, anything → archived.");
        }

        await store.SetJourneyStatusAsync(workspace, name, status, time.GetUtcNow(), context.RequestAborted);
        return Results.Ok(await ResponseAsync(store, context, name));
    }

    /// <summary>The segments, tags, traits and computed traits the journey reads must exist now, as for a segment.</summary>
    private static IEnumerable<FieldError> References(JourneyDefinition journey, ProfileDefinitions definitions)
    {
        if (journey.Entry is SegmentEntry { Segment: var segment } && definitions.Segment(segment) is null)
        {
            yield return new FieldError("entry.segment", $"'{segment}' is not a saved segment");
        }

        if (journey.Entry is ScheduleEntry schedule)
        {
            foreach (var error in definitions.UndefinedReads(schedule.Audience, "entry.audience"))
            {
                yield return error;
            }
        }

        for (var i = 0; i < journey.Steps.Count; i++)
        {
            // A message's texts are templates: one that does not parse is refused now, not dead-lettered at each send.
            if (journey.Steps[i] is ActionStep { Action.Parameters: { ValueKind: JsonValueKind.Object } parameters })
            {
                foreach (var text in parameters.EnumerateObject().Where(p => p.Name is "template" or "subject" or "body" or "text" or "title" or "note"))
                {
                    if (text.Value.ValueKind == JsonValueKind.String && MessageTemplate.Check(text.Value.GetString()!) is { } error)
                    {
                        yield return new FieldError($"steps[{i}].parameters.{text.Name}", $"is not a valid template: {error}");
                    }
                }
            }

            if (journey.Steps[i] is ActionStep { Action: { Connector: GuideTaskConnector.ConnectorName, Parameters: var task } }
                && (!task.TryGetProperty("dueIn", out var due) || due.ValueKind != JsonValueKind.String || !Durations.TryParseExact(due.GetString()!, out _)))
            {
                yield return new FieldError($"steps[{i}].parameters.dueIn", "is how long the guide has, such as 48h, 2d or 30m");
            }

            if (journey.Steps[i] is ConditionStep condition)
            {
                foreach (var error in definitions.UndefinedReads(condition.When, $"steps[{i}].when"))
                {
                    yield return error;
                }
            }
        }
    }

    private static async Task<JourneyResponse?> ResponseAsync(IJourneyStore store, HttpContext context, string name)
    {
        var workspace = context.User.Workspace();
        if (await store.GetJourneyAsync(workspace, name, context.RequestAborted) is not { } journey)
        {
            return null;
        }

        var versions = await store.JourneyVersionsAsync(workspace, name, context.RequestAborted);
        var current = versions.First(v => v.Version == journey.Version);
        return new JourneyResponse(journey.Name, WireNames.Of(journey.Status), journey.Version, journey.UpdatedAt, JsonElement.Parse(current.Definition),
            [.. versions.Select(v => new VersionResponse(v.Version, v.SavedAt, v.SavedBy))]);
    }
}

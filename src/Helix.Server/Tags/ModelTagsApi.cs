using Helix.Core;
using Helix.Core.Access;
using Helix.Core.Models;
using Helix.Core.Profiles.Facts;
using Helix.Server.Auth;
using Helix.Server.Identity;
using Helix.Server.Problems;

namespace Helix.Server.Tags;

/// <summary>
/// Model tags (rfm, lifecycle, aipl, clv, churn) refreshed on demand or on the workspace's schedule, with
/// each run's progress: <c>POST /api/v1/tags/models/refresh</c> starts one, <c>/runs</c> shows them.
/// </summary>
public static class ModelTagsApi
{
    public const int MaxRuns = 200;

    public static IEndpointRouteBuilder MapModelTagsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/v1/tags/models").WithTags("Tags");
        models.MapPost("/refresh", RefreshAsync)
            .RequirePermission(Permission.DefinitionsWrite)
            .WithSummary("Starts recomputing every model tag over the stored events with the workspace's settings.models; 202 with the run to poll, ?wait=true answers when it ends")
            .Produces<RunResponse>(StatusCodes.Status202Accepted)
            .Produces<RunResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        models.MapGet("/runs", ListAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("The workspace's model runs, newest first, with the schedule and when it next runs; ?limit=20")
            .Produces<RunsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        models.MapGet("/runs/{id}", GetAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("One model run and its progress, step by step")
            .Produces<RunResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record ProgressResponse(int Done, int Total);

    public sealed record StepResponse(string Tag, string Model, string Status, int Persons, string? RecordId, string? Note);

    public sealed record RunResponse(
        string Id, string Trigger, string RequestedBy, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error,
        ProgressResponse Progress, IReadOnlyList<StepResponse> Steps)
    {
        public static RunResponse Of(ModelRun run) => new(
            run.Id, WireNames.Of(run.Trigger), run.RequestedBy, WireNames.Of(run.Status), run.StartedAt, run.FinishedAt, run.Error,
            new ProgressResponse(run.StepsDone, run.Steps.Count),
            [.. run.Steps.Select(s => new StepResponse(s.Tag, s.Model, WireNames.Of(s.Status), s.Persons, s.RecordId, s.Note))]);
    }

    public sealed record RunsResponse(string? Schedule, string TimeZone, DateTimeOffset? NextRunAt, IReadOnlyList<RunResponse> Runs);

    private static async Task<IResult> RefreshAsync(bool? wait, HttpContext context, ModelRunner runner)
    {
        var workspace = context.User.Workspace();
        var (run, started) = await runner.StartAsync(workspace, ModelRunTrigger.Manual, OperationSubmission.RequestedBy(context), context.RequestAborted);
        if (!started)
        {
            return Results.Problem(
                title: "A model run is already going", statusCode: StatusCodes.Status409Conflict,
                detail: $"Run {run.Id} started at {run.StartedAt:O}; poll /api/v1/tags/models/runs/{run.Id}.",
                extensions: new Dictionary<string, object?> { ["runId"] = run.Id });
        }

        var location = $"/api/v1/tags/models/runs/{run.Id}";
        if (wait == true && runner.Completion(workspace, run.Id) is { } completion)
        {
            return Results.Ok(RunResponse.Of(await completion.WaitAsync(context.RequestAborted)));
        }

        return Results.Accepted(location, RunResponse.Of(run));
    }

    private static async Task<IResult> ListAsync(
        int? limit, HttpContext context, IModelRunStore runs, DefinitionsSubmission submission, IProfileFactsStore facts, TimeProvider time)
    {
        if (limit is < 1 or > MaxRuns)
        {
            return ProblemResults.Field("limit", $"must be between 1 and {MaxRuns}");
        }

        var workspace = context.User.Workspace();
        var settings = (await submission.CurrentAsync(workspace, context.RequestAborted)).Models;
        var stored = await runs.ListModelRunsAsync(workspace, limit ?? 20, context.RequestAborted);
        var applied = (await facts.CurrentDefinitionsAsync(workspace, context.RequestAborted))?.RequestedAt ?? time.GetUtcNow();
        var next = settings.DueAt(stored.Count > 0 ? stored[0].StartedAt : null, applied);
        return Results.Ok(new RunsResponse(settings.Schedule, ModelSettings.TimeZone.DisplayName, next, [.. stored.Select(RunResponse.Of)]));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IModelRunStore runs) =>
        await runs.GetModelRunAsync(context.User.Workspace(), id, context.RequestAborted) is { } run
            ? Results.Ok(RunResponse.Of(run))
            : ProblemResults.NotFound($"No model run '{id}' in this workspace.");
}

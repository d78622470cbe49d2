using System.Diagnostics;
using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Audiences;
using Helix.Core.Audiences.Segments;
using Helix.Server.Auth;
using Helix.Server.Problems;
using Helix.Server.Tags;

namespace Helix.Server.Segments;

/// <summary>
/// Audiences evaluated over the whole workspace in SQL: the estimate a console asks for on every edit, and the
/// recompute of scheduled segments (on demand here, on their cron in <see cref="SegmentRefreshScheduler"/>).
/// </summary>
public static class AudienceQueryApi
{
    public const int MaxSample = 100;

    public static IEndpointRouteBuilder MapAudienceQueryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/segments").WithTags("Segments");
        group.MapPost("/estimate", EstimateAsync)
            .RequirePermission(Permission.SegmentsWrite)
            .WithSummary("Counts the persons a condition selects now: {when: condition (JSON or text), sample?: 0-100}")
            .Produces<EstimateResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/{name}/recompute", RecomputeAsync)
            .RequirePermission(Permission.SegmentsWrite)
            .WithSummary("Recomputes a scheduled segment now; its members enter and exit by the result")
            .Produces<SegmentRun>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{name}/runs", RunsAsync)
            .RequirePermission(Permission.DefinitionsRead)
            .WithSummary("A scheduled segment's recomputes, newest first, with the next scheduled one")
            .Produces<RunsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record EstimateResponse(long Count, IReadOnlyList<string> Sample, string Text, int DefinitionsVersion, double TookMs);

    public sealed record RunsResponse(IReadOnlyList<SegmentRun> Runs, DateTimeOffset? NextRunAt);

    private static async Task<IResult> EstimateAsync(HttpContext context, DefinitionsSubmission submission, IAudienceQueries queries, TimeProvider time)
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        var sample = 10;
        if (request.TryGetProperty("sample", out var s) && !(s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out sample) && sample is >= 0 and <= MaxSample))
        {
            return ProblemResults.Field("sample", $"must be a whole number from 0 to {MaxSample}");
        }

        var unknown = request.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("when" or "sample"));
        if (unknown is not null)
        {
            return ProblemResults.Field(unknown, "is not a field of an estimate: when, sample");
        }

        var (condition, errors) = SegmentSpec.ParseCondition(request.TryGetProperty("when", out var when) ? when : null, "when");
        if (condition is null)
        {
            return ProblemResults.Invalid("Invalid condition", errors);
        }

        var workspace = context.User.Workspace();
        var definitions = await submission.CurrentAsync(workspace, context.RequestAborted);
        if (definitions.UndefinedReads(condition, "when") is { Count: > 0 } undefined)
        {
            return ProblemResults.Invalid("Invalid condition", undefined);
        }

        var watch = Stopwatch.StartNew();
        try
        {
            var estimate = await queries.EstimateAudienceAsync(workspace, condition, definitions, time.GetUtcNow(), sample, context.RequestAborted);
            return Results.Ok(new EstimateResponse(
                estimate.Count, [.. estimate.Sample.Select(p => p.Value)], AudienceText.Print(condition), definitions.Version, watch.Elapsed.TotalMilliseconds));
        }
        catch (AudienceQueryException e)
        {
            return ProblemResults.Field(e.Field, e.Message);
        }
    }

    private static async Task<IResult> RecomputeAsync(string name, HttpContext context, DefinitionsSubmission submission, SegmentRecompute recompute)
    {
        var workspace = context.User.Workspace();
        var (definitions, segment, problem) = await SegmentsApi.FindAsync(submission, context, name);
        if (segment is null)
        {
            return problem!;
        }

        if (segment.Mode != SegmentMode.Scheduled)
        {
            return Results.Problem(
                title: "Not a scheduled segment", detail: $"Segment '{name}' is {SegmentSpec.ModeName(segment.Mode)}: only scheduled segments are recomputed.",
                statusCode: StatusCodes.Status409Conflict);
        }

        return await recompute.RunAsync(workspace, segment, definitions, "api", context.RequestAborted) is { } run
            ? Results.Ok(run)
            : Results.Problem(title: "Recompute running", detail: $"Segment '{name}' is being recomputed already.", statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> RunsAsync(string name, int? limit, HttpContext context, DefinitionsSubmission submission, ISegmentRunStore runs)
    {
        var (_, segment, problem) = await SegmentsApi.FindAsync(submission, context, name);
        if ((Paging.Size(limit, out var size) ?? problem) is { } refused)
        {
            return refused;
        }

        var list = await runs.ListSegmentRunsAsync(context.User.Workspace(), name, size, context.RequestAborted);
        var next = segment!.Mode == SegmentMode.Scheduled ? segment.NextRun(list.Count > 0 ? list[0].StartedAt : null) : null;
        return Results.Ok(new RunsResponse(list, next));
    }
}

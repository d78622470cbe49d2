using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Analytics;
using Helix.Core.Analytics.Attribution;
using Helix.Core.Analytics.Experiments;
using Helix.Core.Analytics.Kpis;
using Helix.Core.Audiences;
using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Server.Auth;
using Helix.Server.Problems;
using Helix.Server.Segments;
using Helix.Server.Tags;

namespace Helix.Server.Analytics;

/// <summary>
/// Trends, funnels, retention, distributions, paths, attribution and experiment readouts over the key's workspace
/// (docs/analytics.md), each one SQL query in the store.
/// </summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/analytics").WithTags("Analytics").RequirePermission(Permission.AnalyticsRead);
        group.MapPost("/trends", TrendsAsync)
            .WithSummary("Counts, unique persons, sum or avg of a property per day, week or month, with a segment and a breakdown")
            .Produces<TrendsResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/funnels", FunnelsAsync)
            .WithSummary("Persons per step of an ordered funnel (loose or strict) within a window, conversion, median times, drop-off persons (listed, or saved as a static segment)")
            .Produces<FunnelResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/retention", RetentionAsync)
            .WithSummary("Daily or weekly cohorts by first event and their returns, bounded or unbounded")
            .Produces<RetentionResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/distributions", DistributionAsync)
            .WithSummary("A histogram and quantiles of a numeric property over matching events, or of matching events per person")
            .Produces<DistributionResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/paths", PathsAsync)
            .WithSummary("The most frequent next or previous events from an anchor, step by step, as Sankey nodes and links")
            .Produces<PathsResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/attribution", AttributionAsync)
            .WithSummary("Credit of the conversions in a range to each channel of the touches before them: first, last, linear, time decay, position, Markov, Shapley")
            .Produces<AttributionResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/experiments", ExperimentAsync)
            .WithSummary("Per-arm conversion and metric of a split, holdout or tagged cohort against a control: uplift with intervals, z, chi-square, Welch, CUPED, sequential p-value, sample ratio and sample size")
            .Produces<ExperimentResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/kpis", KpisAsync)
            .WithSummary("The KPI set per day, week or month and over the range: new and active persons, DAU/WAU/MAU, fan conversion, orders, buyers, repurchase, GMV, AOV, day-N retention, coupon claim and redemption")
            .Produces<KpiResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapCustomerValueAnalytics();
        return app;
    }

    public sealed record FunnelResponse(IReadOnlyList<FunnelGroup> Groups, DropOffPage? DropOff);

    /// <summary>A page of persons who reached a step but not the next; <see cref="Next"/> is the <c>after</c> of the next page (null: the last).</summary>
    /// <remarks><see cref="Saved"/> names the static segment every drop-off person (<see cref="SavedPersons"/>) was saved as, when asked.</remarks>
    public sealed record DropOffPage(int Step, IReadOnlyList<string> Persons, string? Next, string? Saved = null, int? SavedPersons = null);

    private static Task<IResult> TrendsAsync(HttpContext context, DefinitionsSubmission submission, IAnalyticsQueries queries, TimeProvider time) =>
        RunAsync(context, submission, AnalyticsSpec.ParseTrends, q => q.Segment,
            (workspace, query, definitions) => queries.TrendsAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted));

    private static Task<IResult> RetentionAsync(HttpContext context, DefinitionsSubmission submission, IAnalyticsQueries queries, TimeProvider time) =>
        RunAsync(context, submission, AnalyticsSpec.ParseRetention, q => q.Segment,
            (workspace, query, definitions) => queries.RetentionAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted));

    private static Task<IResult> DistributionAsync(HttpContext context, DefinitionsSubmission submission, IAnalyticsQueries queries, TimeProvider time) =>
        RunAsync(context, submission, AnalyticsSpec.ParseDistribution, q => q.Segment,
            (workspace, query, definitions) => queries.DistributionAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted));

    private static Task<IResult> PathsAsync(HttpContext context, DefinitionsSubmission submission, IAnalyticsQueries queries, TimeProvider time) =>
        RunAsync(context, submission, AnalyticsSpec.ParsePaths, q => q.Segment,
            (workspace, query, definitions) => queries.PathsAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted));

    private static Task<IResult> AttributionAsync(HttpContext context, DefinitionsSubmission submission, IAttributionQueries queries, TimeProvider time) =>
        RunAsync(context, submission, AnalyticsSpec.ParseAttribution, q => q.Segment,
            (workspace, query, definitions) => queries.AttributionAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted));

    private static Task<IResult> KpisAsync(HttpContext context, DefinitionsSubmission submission, IKpiQueries queries, TimeProvider time) =>
        RunAsync(context, submission, AnalyticsSpec.ParseKpis, q => q.Segment,
            (workspace, query, definitions) => queries.KpisAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted));

    /// <summary>The store reads each arm's moments; Core does the statistics. Each cohort arm's condition is checked at its own field.</summary>
    private static Task<IResult> ExperimentAsync(HttpContext context, DefinitionsSubmission submission, IExperimentQueries queries, TimeProvider time) =>
        RunAsync(context, submission, AnalyticsSpec.ParseExperiment, q => q.Segment,
            async (workspace, query, definitions) =>
                ExperimentAnalysis.Analyze(query, await queries.ExperimentAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted)),
            query => query.Arms.Select((arm, i) => (Field: $"arms[{i}].segment", arm.Segment))
                .Where(a => a.Segment is not null)
                .Select(a => (a.Field, a.Segment!)));

    private static Task<IResult> FunnelsAsync(
        HttpContext context, DefinitionsSubmission submission, IAnalyticsQueries queries, ISegmentStore segments, TimeProvider time)
    {
        FunnelDropOff? dropOff = null;
        return RunAsync(context, submission, body =>
            {
                var (query, d, errors) = AnalyticsSpec.ParseFunnel(body);
                dropOff = d;
                return (query, errors);
            },
            q => q.Segment,
            async (workspace, query, definitions) =>
            {
                var now = time.GetUtcNow();
                var result = await queries.FunnelAsync(workspace, query, definitions, now, context.RequestAborted);
                if (dropOff is not { } page)
                {
                    return new FunnelResponse(result.Groups, null);
                }

                if (page.Save is { } save)
                {
                    return await SaveDropOffAsync(context, submission, queries, segments, workspace, query, page, save, definitions, now, result.Groups);
                }

                var persons = await queries.FunnelDropOffAsync(workspace, query, page, definitions, now, context.RequestAborted);
                var ids = persons.Select(p => p.Value).ToList();
                return new FunnelResponse(result.Groups, new DropOffPage(page.Step, ids, ids.Count == page.Limit ? ids[^1] : null));
            });
    }

    /// <summary>
    /// Saves every drop-off person of the step as a static segment (a write, so the key needs segments:write too) and
    /// answers with the first page of them.
    /// </summary>
    private static async Task<object> SaveDropOffAsync(
        HttpContext context, DefinitionsSubmission submission, IAnalyticsQueries queries, ISegmentStore segments, Core.Workspaces.WorkspaceId workspace,
        FunnelQuery query, FunnelDropOff page, string save, ProfileDefinitions definitions, DateTimeOffset now, IReadOnlyList<FunnelGroup> groups)
    {
        if (!context.User.Has(Permission.SegmentsWrite))
        {
            return Results.Problem(title: "Forbidden", detail: $"Saving drop-off persons as a segment needs the {Permission.SegmentsWrite} permission.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (StaticSegmentSave.Conflict(definitions, save, "a funnel drop-off") is { } conflict)
        {
            return conflict;
        }

        var all = await queries.FunnelDropOffAsync(workspace, query, page with { Limit = int.MaxValue, After = null }, definitions, now, context.RequestAborted);
        var persons = all.Distinct().ToList();
        var description = $"Funnel drop-off after step {page.Step} ({string.Join("|", query.Steps[page.Step - 1].Events)} → {string.Join("|", query.Steps[page.Step].Events)}), {query.Range.From:yyyy-MM-dd} to {query.Range.To:yyyy-MM-dd}";
        if (await StaticSegmentSave.SaveAsync(context, submission, segments, save, description, persons, now, "funnel drop-off") is { } problem)
        {
            return problem;
        }

        var ids = persons.Take(page.Limit).Select(p => p.Value).ToList();
        return new FunnelResponse(groups, new DropOffPage(page.Step, ids, ids.Count == page.Limit && persons.Count > page.Limit ? ids[^1] : null, save, persons.Count));
    }

    /// <summary>
    /// Reads the body, parses it (400 naming each bad field), checks the reads of the segment and of any other
    /// <paramref name="conditions"/> (by field), runs the query. A run that answers with an <see cref="IResult"/> (a
    /// 422) is answered as it is.
    /// </summary>
    internal static async Task<IResult> RunAsync<TQuery, TResult>(
        HttpContext context, DefinitionsSubmission submission, Func<JsonElement, (TQuery? Query, IReadOnlyList<FieldError> Errors)> parse,
        Func<TQuery, Condition?> segment, Func<Core.Workspaces.WorkspaceId, TQuery, ProfileDefinitions, Task<TResult>> run,
        Func<TQuery, IEnumerable<(string Field, Condition Condition)>>? conditions = null)
        where TQuery : class
    {
        var (body, bodyProblem) = await TagsApi.ReadObjectAsync(context);
        if (body is not { } request)
        {
            return bodyProblem!;
        }

        var (query, errors) = parse(request);
        if (query is null)
        {
            return ProblemResults.Invalid("Invalid analytics query", errors);
        }

        var workspace = context.User.Workspace();
        var definitions = await submission.CurrentAsync(workspace, context.RequestAborted);
        var reads = (segment(query) is { } condition ? [("segment", condition)] : Enumerable.Empty<(string, Condition)>()).Concat(conditions?.Invoke(query) ?? []);
        if (reads.SelectMany(r => definitions.UndefinedReads(r.Item2, r.Item1)).ToList() is { Count: > 0 } undefined)
        {
            return ProblemResults.Invalid("Invalid analytics query", undefined);
        }

        try
        {
            // A run may answer with a problem of its own (a save the key may not make, a fit that fails).
            var result = await run(workspace, query, definitions);
            return result as IResult ?? Results.Ok(result);
        }
        catch (AudienceQueryException e)
        {
            return ProblemResults.Field(e.Field, e.Message);
        }
    }
}

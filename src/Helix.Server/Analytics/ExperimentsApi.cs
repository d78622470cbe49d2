using Helix.Core.Access;
using Helix.Core.Analytics;
using Helix.Core.Analytics.Experiments;
using Helix.Server.Auth;
using Helix.Server.Tags;

namespace Helix.Server.Analytics;

/// <summary>Experiment readouts over the key's workspace (docs/analytics.md, Experiments): the store reads moments, Core does the statistics.</summary>
public static class ExperimentsApi
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/analytics/experiments", ExperimentAsync)
            .WithTags("Analytics")
            .RequirePermission(Permission.AnalyticsRead)
            .WithSummary("Per-arm conversion and metric of a split, holdout or tagged cohort against a control: uplift with intervals, z, chi-square, Welch, CUPED, sequential p-value, sample ratio and sample size")
            .Produces<ExperimentResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static Task<IResult> ExperimentAsync(HttpContext context, DefinitionsSubmission submission, IExperimentQueries queries, TimeProvider time) =>
        AnalyticsApi.RunAsync(context, submission, AnalyticsSpec.ParseExperiment, _ => null,
            async (workspace, query, definitions) =>
                ExperimentAnalysis.Analyze(query, await queries.ExperimentAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted)),
            query => query.Arms.Select((arm, i) => ($"arms[{i}].segment", arm.Segment)).Where(a => a.Segment is not null).Select(a => (a.Item1, a.Segment!)));
}

using Helix.Core.Access;
using Helix.Core.Analytics;
using Helix.Core.Analytics.Attribution;
using Helix.Server.Auth;
using Helix.Server.Tags;

namespace Helix.Server.Analytics;

/// <summary>Attribution of conversions to earlier touches over the key's workspace (docs/analytics.md, Attribution).</summary>
public static class AttributionApi
{
    public static IEndpointRouteBuilder MapAttributionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/analytics/attribution", AttributionAsync)
            .WithTags("Analytics")
            .RequirePermission(Permission.AnalyticsRead)
            .WithSummary("Credit of the conversions in a range to each channel of the touches before them: first, last, linear, time decay, position, Markov, Shapley")
            .Produces<AttributionResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static Task<IResult> AttributionAsync(HttpContext context, DefinitionsSubmission submission, IAttributionQueries queries, TimeProvider time) =>
        AnalyticsApi.RunAsync(context, submission, AnalyticsSpec.ParseAttribution, q => q.Segment,
            (workspace, query, definitions) => queries.AttributionAsync(workspace, query, definitions, time.GetUtcNow(), context.RequestAborted));
}

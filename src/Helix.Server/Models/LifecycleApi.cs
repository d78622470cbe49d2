using Helix.Core.Access;
using Helix.Core.Models;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Models;

/// <summary>
/// Lifecycle stages (new / active / at-risk / churned) over the workspace's persons: first seen, and
/// days since the last order (docs/models.md). Computed on request from what is stored now.
/// </summary>
public static class LifecycleApi
{
    public static IEndpointRouteBuilder MapLifecycleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/models/lifecycle", GetAsync).WithTags("Models").RequirePermission(Permission.AnalyticsRead)
            .WithSummary("How many persons are new, active, at risk and churned; ?event=Order Completed&newWindowDays=30&atRiskAfterDays=90&churnedAfterDays=180&asOf=…&sample=20")
            .Produces<LifecycleResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public sealed record StageResponse(string Stage, int Persons, IReadOnlyList<string> Sample);

    public sealed record LifecycleResponse(DateTimeOffset AsOf, string Event, int NewWindowDays, int AtRiskAfterDays, int ChurnedAfterDays, int Persons, IReadOnlyList<StageResponse> Stages);

    private static async Task<IResult> GetAsync(
        string? @event, int? newWindowDays, int? atRiskAfterDays, int? churnedAfterDays, DateTimeOffset? asOf, int? sample,
        HttpContext context, IOrderSummaries orders, TimeProvider time)
    {
        var (query, problem) = OrderQuery.Parse(@event, null, asOf, sample, time);
        if (query is null)
        {
            return problem!;
        }

        var defaults = new LifecycleThresholds();
        var thresholds = new LifecycleThresholds(
            newWindowDays ?? defaults.NewWindowDays, atRiskAfterDays ?? defaults.AtRiskAfterDays, churnedAfterDays ?? defaults.ChurnedAfterDays);
        if (thresholds.NewWindowDays is < 0 or > 3_650)
        {
            return ProblemResults.Field("newWindowDays", "must be between 0 and 3650");
        }

        if (thresholds.AtRiskAfterDays is < 1 or > 3_650)
        {
            return ProblemResults.Field("atRiskAfterDays", "must be between 1 and 3650");
        }

        if (thresholds.ChurnedAfterDays <= thresholds.AtRiskAfterDays || thresholds.ChurnedAfterDays > 3_650)
        {
            return ProblemResults.Field("churnedAfterDays", "must be greater than atRiskAfterDays and at most 3650");
        }

        var persons = await orders.ActivityAsync(context.User.Workspace(), query.Event, query.AsOf, context.RequestAborted);
        var staged = persons.Select(p => (p.Person, Stage: Lifecycle.Stage(p.FirstSeen, p.LastOrder, query.AsOf, thresholds))).ToList();
        var stages = Enum.GetValues<LifecycleStage>().Select(stage =>
        {
            var members = staged.Where(s => s.Stage == stage).Select(s => s.Person.Value).ToList();
            return new StageResponse(Wire(stage), members.Count, [.. members.Take(query.Sample)]);
        }).ToList();
        return Results.Ok(new LifecycleResponse(query.AsOf, query.Event, thresholds.NewWindowDays, thresholds.AtRiskAfterDays, thresholds.ChurnedAfterDays,
            persons.Count, stages));
    }

    /// <summary>new, active, at_risk, churned.</summary>
    public static string Wire(LifecycleStage stage) => stage switch
    {
        LifecycleStage.New => "new",
        LifecycleStage.Active => "active",
        LifecycleStage.AtRisk => "at_risk",
        LifecycleStage.Churned => "churned",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}

using Helix.Core.Access;
using Helix.Core.Models;
using Helix.Server.Auth;
using Helix.Server.Problems;

namespace Helix.Server.Models;

/// <summary>
/// RFM over the workspace's orders as stored now: each buyer's recency, order count and revenue scored
/// into bins, and the 8 classic groups (docs/models.md). Computed on request; nothing is stored yet.
/// </summary>
public static class RfmApi
{
    public static IEndpointRouteBuilder MapRfmApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/models/rfm", GetAsync).WithTags("Models").RequirePermission(Permission.AnalyticsRead)
            .WithSummary("RFM scores and the 8 classic groups over the workspace's orders net of refunds; ?event=Order Completed&refund=Order Refunded&revenue=revenue&bins=5&asOf=…&sample=20")
            .Produces<RfmResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public sealed record GroupResponse(string Group, int Persons, IReadOnlyList<PersonResponse> Sample);

    public sealed record PersonResponse(string PersonId, int R, int F, int M, double RecencyDays, long Orders, double Revenue);

    public sealed record CutPointsResponse(IReadOnlyList<double> RecencyDays, IReadOnlyList<double> Frequency, IReadOnlyList<double> Monetary);

    public sealed record RfmResponse(DateTimeOffset AsOf, string Event, string Revenue, int Bins, int Buyers, CutPointsResponse CutPoints, IReadOnlyList<GroupResponse> Groups);

    private static async Task<IResult> GetAsync(
        string? @event, string? refund, string? revenue, int? bins, DateTimeOffset? asOf, int? sample, HttpContext context, IOrderSummaries orders, TimeProvider time)
    {
        var (query, problem) = OrderQuery.Parse(@event, revenue, asOf, sample, time);
        if (query is null)
        {
            return problem!;
        }

        var refundEvent = refund ?? "Order Refunded";
        if (refundEvent.Length is 0 or > 200)
        {
            return ProblemResults.Field("refund", "is an event name of 1 to 200 characters");
        }

        var binCount = bins ?? 5;
        if (binCount is < 2 or > 10)
        {
            return ProblemResults.Field("bins", "must be between 2 and 10");
        }

        var (orderEvent, revenueProperty, at) = (query.Event, query.Revenue, query.AsOf);
        var summaries = await orders.OrderSummariesAsync(context.User.Workspace(), orderEvent, refundEvent, revenueProperty, at, context.RequestAborted);
        if (summaries.Count == 0)
        {
            return Results.Ok(new RfmResponse(at, orderEvent, revenueProperty, binCount, 0, new([], [], []), []));
        }

        var observations = summaries.Select(s => RfmObservation.Of(s, at)).ToList();
        var result = RfmAnalysis.Run(observations, new RfmOptions(binCount));
        var groups = Enum.GetValues<RfmGroup>().Select(group =>
        {
            var members = Enumerable.Range(0, summaries.Count).Where(i => result.Customers[i].Group == group).ToList();
            return new GroupResponse(Wire(group), members.Count, [.. members
                .OrderByDescending(i => observations[i].Monetary).ThenBy(i => summaries[i].Person.Value, StringComparer.Ordinal)
                .Take(query.Sample)
                .Select(i => new PersonResponse(summaries[i].Person.Value, result.Customers[i].Score.R, result.Customers[i].Score.F, result.Customers[i].Score.M,
                    Math.Round(observations[i].RecencyDays, 3), summaries[i].Orders, summaries[i].Revenue))]);
        }).ToList();
        return Results.Ok(new RfmResponse(at, orderEvent, revenueProperty, binCount, summaries.Count,
            new CutPointsResponse(result.CutPoints.RecencyDays, result.CutPoints.Frequency, result.CutPoints.Monetary), groups));
    }

    /// <summary>important_value, general_retain…</summary>
    public static string Wire(RfmGroup group) => group switch
    {
        RfmGroup.ImportantValue => "important_value",
        RfmGroup.ImportantDevelop => "important_develop",
        RfmGroup.ImportantKeep => "important_keep",
        RfmGroup.ImportantRetain => "important_retain",
        RfmGroup.GeneralValue => "general_value",
        RfmGroup.GeneralDevelop => "general_develop",
        RfmGroup.GeneralKeep => "general_keep",
        RfmGroup.GeneralRetain => "general_retain",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, null),
    };
}

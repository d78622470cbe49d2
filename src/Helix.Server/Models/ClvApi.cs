using Helix.Core.Access;
using Helix.Core.Models;
using Helix.Server.Auth;

namespace Helix.Server.Models;

/// <summary>
/// Customer lifetime value over the workspace's orders: BG/NBD (how many more purchases, is the customer
/// still there) and Gamma-Gamma (what a purchase is worth) fitted by maximum likelihood on the orders up
/// to <c>asOf</c>, in weeks, then 12 months ahead discounted at 1 % a month (docs/models.md).
/// Fitted on request; nothing is stored yet.
/// </summary>
public static class ClvApi
{
    public static IEndpointRouteBuilder MapClvApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/models/clv", GetAsync).WithTags("Models").RequirePermission(Permission.AnalyticsRead)
            .WithSummary("BG/NBD and Gamma-Gamma fitted on the workspace's orders, and each buyer's CLV; ?event=Order Completed&revenue=revenue&asOf=…&sample=20")
            .Produces<ClvResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public sealed record BgNbdResponse(double R, double Alpha, double A, double B, double LogLikelihood, int Customers, int Iterations);

    public sealed record GammaGammaResponse(double P, double Q, double Gamma, double LogLikelihood, int Customers, double PopulationMeanValue);

    public sealed record PersonResponse(string PersonId, int RepeatPurchases, double RecencyWeeks, double AgeWeeks, double AverageRepeatValue,
        double ProbabilityAlive, double ExpectedPurchases12Months, double Clv12Months);

    public sealed record ClvResponse(DateTimeOffset AsOf, string Event, string Revenue, int Buyers, int RepeatBuyers, BgNbdResponse BgNbd,
        GammaGammaResponse? GammaGamma, double TotalClv12Months, IReadOnlyList<PersonResponse> Top);

    private static async Task<IResult> GetAsync(string? @event, string? revenue, DateTimeOffset? asOf, int? sample, HttpContext context, IOrderSummaries orders, TimeProvider time)
    {
        var (query, problem) = OrderQuery.Parse(@event, revenue, asOf, sample, time);
        if (query is null)
        {
            return problem!;
        }

        var stored = await orders.OrdersAsync(context.User.Workspace(), query.Event, query.Revenue, query.AsOf, context.RequestAborted);
        // Maximum likelihood is CPU work: off the request thread.
        var (analysis, unfit) = await Task.Run(() => ClvAnalysis.FromOrders(stored, query.AsOf), context.RequestAborted);
        if (analysis is null)
        {
            return Results.Problem(title: "Not enough data to fit", detail: unfit, statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var (bgNbd, gammaGamma) = Parameters(analysis);
        return Results.Ok(new ClvResponse(
            query.AsOf, query.Event, query.Revenue, analysis.Buyers.Count, analysis.RepeatBuyers, bgNbd, gammaGamma,
            analysis.Buyers.Sum(b => b.Clv),
            [.. analysis.Buyers.OrderByDescending(b => b.Clv).ThenBy(b => b.Person.Value, StringComparer.Ordinal).Take(query.Sample).Select(b => new PersonResponse(
                b.Person.Value, b.Summary.History.Frequency, b.Summary.History.Recency, b.Summary.History.Age, b.Summary.AverageRepeatValue,
                b.ProbabilityAlive, b.ExpectedPurchases, b.Clv))]));
    }

    /// <summary>The fitted parameters as the models and analytics endpoints both report them.</summary>
    internal static (BgNbdResponse BgNbd, GammaGammaResponse GammaGamma) Parameters<TPerson>(ClvAnalysisResult<TPerson> analysis)
    {
        var (model, spend) = (analysis.Purchases.Model, analysis.Spend.Model);
        return (new BgNbdResponse(model.R, model.Alpha, model.A, model.B, analysis.Purchases.LogLikelihood, analysis.Purchases.Customers, analysis.Purchases.Iterations),
            new GammaGammaResponse(spend.P, spend.Q, spend.Gamma, analysis.Spend.LogLikelihood, analysis.Spend.Customers, spend.PopulationMeanValue));
    }
}

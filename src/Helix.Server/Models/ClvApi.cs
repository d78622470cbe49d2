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
    private const double DaysPerWeek = 7;

    public static IEndpointRouteBuilder MapClvApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/models/clv", GetAsync).WithTags("Models").RequireAuthorization()
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
        var end = OrderQuery.Day(query.AsOf);
        var buyers = stored.GroupBy(o => o.Person)
            .Select(g => (Person: g.Key, Summary: CustomerSummary.FromPurchases(g.Select(o => new Purchase(OrderQuery.Day(o.At), o.Revenue)), end, DaysPerWeek)!))
            .ToList();
        var repeaters = buyers.Where(b => b.Summary.History.Frequency > 0 && b.Summary.AverageRepeatValue > 0).ToList();
        if (repeaters.Count < 2)
        {
            return Unfit($"{buyers.Count} buyers, {repeaters.Count} of them with a repeat purchase of positive value: the models need repeat buyers to learn from.");
        }

        // Maximum likelihood is CPU work: off the request thread. Data the models cannot describe (an
        // optimiser that does not converge, parameters outside their domain) is the caller's answer, not a 500.
        BgNbdFit bgNbd;
        GammaGammaFit gammaGamma;
        try
        {
            (bgNbd, gammaGamma) = await Task.Run(() => (
                BgNbdModel.Fit([.. buyers.Select(b => b.Summary.History)]),
                GammaGammaModel.Fit([.. repeaters.Select(r => new RepeatSpend(r.Summary.History.Frequency, r.Summary.AverageRepeatValue))])), context.RequestAborted);
        }
        catch (Exception e) when (e is ArgumentException or MathNet.Numerics.Optimization.OptimizationException)
        {
            return Unfit($"The models could not be fitted to these orders: {e.Message}");
        }
        var year = ClvOptions.TwelveMonthsOnWeeks;
        var valued = buyers.Select(b => new PersonResponse(
            b.Person.Value, b.Summary.History.Frequency, b.Summary.History.Recency, b.Summary.History.Age, b.Summary.AverageRepeatValue,
            bgNbd.Model.ProbabilityAlive(b.Summary.History),
            bgNbd.Model.ExpectedPurchases(b.Summary.History, year.Periods * year.PeriodLength),
            CustomerLifetimeValue.Estimate(bgNbd.Model, gammaGamma.Model, b.Summary.History, b.Summary.AverageRepeatValue, year))).ToList();
        var model = bgNbd.Model;
        var spend = gammaGamma.Model;
        return Results.Ok(new ClvResponse(
            query.AsOf, query.Event, query.Revenue, buyers.Count, repeaters.Count,
            new BgNbdResponse(model.R, model.Alpha, model.A, model.B, bgNbd.LogLikelihood, bgNbd.Customers, bgNbd.Iterations),
            new GammaGammaResponse(spend.P, spend.Q, spend.Gamma, gammaGamma.LogLikelihood, gammaGamma.Customers, spend.PopulationMeanValue),
            valued.Sum(v => v.Clv12Months),
            [.. valued.OrderByDescending(v => v.Clv12Months).ThenBy(v => v.PersonId, StringComparer.Ordinal).Take(query.Sample)]));
    }

    private static IResult Unfit(string detail) =>
        Results.Problem(title: "Not enough data to fit", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity);
}

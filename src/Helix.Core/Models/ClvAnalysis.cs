using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Models;

/// <summary>One buyer's value: their history in weeks and what the fitted models expect of them.</summary>
public sealed record BuyerValue<TPerson>(
    TPerson Person, CustomerSummary Summary, double ProbabilityAlive, double ExpectedPurchases, double Clv);

/// <summary>The fitted models and every buyer's value.</summary>
public sealed record ClvAnalysisResult<TPerson>(BgNbdFit Purchases, GammaGammaFit Spend, int RepeatBuyers, IReadOnlyList<BuyerValue<TPerson>> Buyers);

/// <summary>
/// CLV from raw orders: each buyer summarised in weeks up to the end of calibration, BG/NBD fitted on all
/// buyers and Gamma-Gamma on the repeat buyers, everyone valued over <see cref="ClvOptions.TwelveMonthsOnWeeks"/>.
/// </summary>
public static class ClvAnalysis
{
    private const double DaysPerWeek = 7;

    /// <summary>
    /// The analysis every CLV reader shares (the models endpoint, the model tags, the analytics summary): each order
    /// on its workspace day, calibration ending on <paramref name="asOf"/>'s workspace day.
    /// </summary>
    public static (ClvAnalysisResult<PersonId>? Result, string? Unfit) FromOrders(IEnumerable<PersonOrder> orders, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(orders);
        return Run(orders.GroupBy(o => o.Person).Select(g => (g.Key, g.Select(o => new Purchase(WorkspaceTime.Day(o.At), o.Revenue)))), WorkspaceTime.Day(asOf));
    }

    /// <param name="orders">Each buyer's orders as days and values; days after <paramref name="calibrationEnd"/> are ignored.</param>
    /// <returns>The analysis, or why these orders cannot support one (too few repeat buyers, a fit that fails).</returns>
    public static (ClvAnalysisResult<TPerson>? Result, string? Unfit) Run<TPerson>(
        IEnumerable<(TPerson Person, IEnumerable<Purchase> Purchases)> orders, DateOnly calibrationEnd)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var buyers = orders
            .Select(o => (o.Person, Summary: CustomerSummary.FromPurchases(o.Purchases, calibrationEnd, DaysPerWeek)))
            .Where(b => b.Summary is not null)
            .Select(b => (b.Person, Summary: b.Summary!))
            .ToList();
        var repeaters = buyers.Where(b => b.Summary.History.Frequency > 0 && b.Summary.AverageRepeatValue > 0)
            .Select(b => new RepeatSpend(b.Summary.History.Frequency, b.Summary.AverageRepeatValue))
            .ToList();
        if (repeaters.Count < 2)
        {
            return (null, $"{buyers.Count} buyers, {repeaters.Count} of them with a repeat purchase of positive value: the models need repeat buyers to learn from.");
        }

        BgNbdFit purchases;
        GammaGammaFit spend;
        try
        {
            // In a fixed order, whatever order the store returned the buyers in: floating-point sums depend on it, and
            // near the optimum that decides whether BFGS's last line search succeeds. Same orders, same fit.
            purchases = BgNbdModel.Fit([.. buyers.Select(b => b.Summary.History).OrderBy(h => h.Frequency).ThenBy(h => h.Recency).ThenBy(h => h.Age)]);
            spend = GammaGammaModel.Fit([.. repeaters.OrderBy(r => r.Frequency).ThenBy(r => r.AverageValue)]);
        }
        catch (Exception e) when (e is ArgumentException or MathNet.Numerics.Optimization.OptimizationException)
        {
            // Data the models cannot describe (no convergence, parameters outside their domain) is an answer, not a crash.
            return (null, $"The models could not be fitted to these orders: {e.Message}");
        }

        var year = ClvOptions.TwelveMonthsOnWeeks;
        var valued = buyers.Select(b => new BuyerValue<TPerson>(
            b.Person, b.Summary,
            purchases.Model.ProbabilityAlive(b.Summary.History),
            purchases.Model.ExpectedPurchases(b.Summary.History, year.Periods * year.PeriodLength),
            CustomerLifetimeValue.Estimate(purchases.Model, spend.Model, b.Summary.History, b.Summary.AverageRepeatValue, year))).ToList();
        return (new ClvAnalysisResult<TPerson>(purchases, spend, repeaters.Count, valued), null);
    }
}

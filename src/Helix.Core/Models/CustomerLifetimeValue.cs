namespace Helix.Core.Models;

/// <summary>How far ahead to value customers and how to discount.</summary>
/// <param name="Periods">H: the number of periods in the horizon, e.g. 12 months.</param>
/// <param name="PeriodLength">Δ: one period in the BG/NBD model's time unit, e.g. 365.25/12/7 ≈ 4.35 for months on a weekly model.</param>
/// <param name="DiscountRate">d: the discount rate per period, e.g. 0.01 a month (about 12.7 % a year).</param>
/// <param name="Margin">The share of revenue that is profit; 1 values revenue.</param>
public sealed record ClvOptions(int Periods, double PeriodLength, double DiscountRate, double Margin = 1)
{
    /// <summary>Twelve months, discounted at 1 % a month, for a model fitted in weeks.</summary>
    public static ClvOptions TwelveMonthsOnWeeks { get; } = new(12, 365.25 / 12 / 7, 0.01);
}

/// <summary>Customer lifetime value over a finite horizon from a BG/NBD and a Gamma-Gamma model.</summary>
public static class CustomerLifetimeValue
{
    /// <summary>
    /// CLV = margin · E[M | x, m_x] · Σ_{i=1..H} (E[Y(iΔ) | x, t_x, T] − E[Y((i−1)Δ) | x, t_x, T]) / (1 + d)^i:
    /// the purchases BG/NBD expects in each period ahead, valued at the Gamma-Gamma expected value of
    /// a purchase and discounted to today at the end of the period they fall in. Spend per purchase is
    /// assumed independent of the purchase process, as Gamma-Gamma requires.
    /// </summary>
    /// <param name="averageRepeatValue">m_x; ignored when the customer has no repeat purchase.</param>
    public static double Estimate(BgNbdModel purchases, GammaGammaModel spend, PurchaseHistory history, double averageRepeatValue, ClvOptions options)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Periods);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.PeriodLength);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.DiscountRate, -1);

        var value = spend.ExpectedAverageValue(history.Frequency, averageRepeatValue);
        double total = 0, previous = 0;
        for (var i = 1; i <= options.Periods; i++)
        {
            var cumulative = purchases.ExpectedPurchases(history, i * options.PeriodLength);
            total += (cumulative - previous) / Math.Pow(1 + options.DiscountRate, i);
            previous = cumulative;
        }

        return options.Margin * value * total;
    }
}

namespace Helix.Core.Models;

/// <summary>A customer's inputs to BG/NBD and Gamma-Gamma, built from their orders.</summary>
/// <param name="AverageRepeatValue">m_x: the mean value of the repeat purchase days; 0 when x = 0.</param>
public sealed record CustomerSummary(PurchaseHistory History, double AverageRepeatValue)
{
    /// <summary>
    /// Summarises orders as Fader, Hardie &amp; Lee do for CDNOW: orders on the same day are one purchase
    /// (their values summed), the first purchase day starts the customer's clock and is not a repeat,
    /// and only days up to <paramref name="calibrationEnd"/> (inclusive) count.
    /// </summary>
    /// <param name="daysPerUnit">Length of the model's time unit in days, e.g. 7 for weeks.</param>
    /// <returns>The summary, or null when the customer bought nothing up to the end of calibration.</returns>
    public static CustomerSummary? FromPurchases(IEnumerable<Purchase> purchases, DateOnly calibrationEnd, double daysPerUnit)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(daysPerUnit);

        var days = new SortedDictionary<DateOnly, double>();
        foreach (var purchase in purchases)
        {
            if (purchase.Date <= calibrationEnd)
            {
                days[purchase.Date] = days.GetValueOrDefault(purchase.Date) + purchase.Value;
            }
        }

        if (days.Count == 0)
        {
            return null;
        }

        var first = days.Keys.First();
        var last = days.Keys.Last();
        var repeats = days.Count - 1;
        var repeatValue = days.Skip(1).Sum(day => day.Value);
        var history = new PurchaseHistory(
            repeats,
            (last.DayNumber - first.DayNumber) / daysPerUnit,
            (calibrationEnd.DayNumber - first.DayNumber) / daysPerUnit);
        return new CustomerSummary(history, repeats == 0 ? 0 : repeatValue / repeats);
    }
}

namespace Helix.Core.Models;

/// <summary>
/// One customer's raw RFM values. Monetary is a double: scoring only compares values, and a double
/// holds every amount to the cent below 2^53 exactly.
/// </summary>
/// <param name="RecencyDays">Days since the last order (lower is better).</param>
/// <param name="Frequency">Number of orders in the window analysed.</param>
/// <param name="Monetary">Total spend in the window analysed.</param>
public readonly record struct RfmObservation(double RecencyDays, double Frequency, double Monetary)
{
    /// <summary>A buyer's stored order summary as seen at <paramref name="asOf"/>.</summary>
    public static RfmObservation Of(OrderSummary summary, DateTimeOffset asOf) =>
        new((asOf - summary.LastOrder).TotalDays, summary.Orders, summary.Revenue);
}

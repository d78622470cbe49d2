namespace Helix.Core.Models;

/// <summary>
/// One customer's raw RFM values. Monetary is a double: scoring only compares values, and a double
/// holds every amount to the cent below 2^53 exactly.
/// </summary>
/// <param name="RecencyDays">Days since the last order (lower is better).</param>
/// <param name="Frequency">Number of orders in the window analysed.</param>
/// <param name="Monetary">Total spend in the window analysed.</param>
public readonly record struct RfmObservation(double RecencyDays, double Frequency, double Monetary);

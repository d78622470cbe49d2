namespace Helix.Core.Models;

/// <summary>Share of buyers, ranked by 12-month CLV, labelled high and medium; the rest are low.</summary>
public sealed record ClvTierOptions(double HighShare = 0.2, double MediumShare = 0.3);

/// <summary>
/// Churn risk from BG/NBD's probability that a repeat buyer is still active: below <paramref name="HighBelow"/>
/// high, below <paramref name="MediumBelow"/> medium, else low.
/// </summary>
public sealed record ChurnRiskOptions(double HighBelow = 0.3, double MediumBelow = 0.7);

/// <summary>The labels model tags carry for CLV and churn: a marketer selects on "high", not on 1,734.52.</summary>
public static class ModelTiers
{
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    /// <summary>
    /// Labels each value by its rank: the top <see cref="ClvTierOptions.HighShare"/> high, the next
    /// <see cref="ClvTierOptions.MediumShare"/> medium. Equal values always share a label (the better one),
    /// so a tie at a boundary never splits customers worth the same.
    /// </summary>
    public static IReadOnlyList<string> ClvTiers(IReadOnlyList<double> values, ClvTierOptions options)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        var ranked = values.Order().Reverse().ToArray();
        var highCount = (int)Math.Round(options.HighShare * values.Count, MidpointRounding.AwayFromZero);
        var mediumCount = (int)Math.Round((options.HighShare + options.MediumShare) * values.Count, MidpointRounding.AwayFromZero);
        // The lowest value still inside each band; everything at or above it belongs to the band.
        var highFloor = highCount > 0 ? ranked[highCount - 1] : double.PositiveInfinity;
        var mediumFloor = mediumCount > 0 ? ranked[Math.Min(mediumCount, ranked.Length) - 1] : double.PositiveInfinity;
        return [.. values.Select(v => v >= highFloor ? High : v >= mediumFloor ? Medium : Low)];
    }

    /// <summary>
    /// A repeat buyer's risk from the probability alive. BG/NBD says a one-time buyer is alive with
    /// certainty (they have shown no rate to fall silent from), which would call every lapsed one-time buyer
    /// safe; for them the lifecycle clock decides instead: silent past the at-risk days medium, past the
    /// churned days high.
    /// </summary>
    public static string ChurnRisk(int repeatPurchases, double probabilityAlive, int daysSinceLastOrder, ChurnRiskOptions options, LifecycleThresholds lifecycle)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifecycle);
        if (repeatPurchases == 0)
        {
            return daysSinceLastOrder >= lifecycle.ChurnedAfterDays ? High : daysSinceLastOrder >= lifecycle.AtRiskAfterDays ? Medium : Low;
        }

        return probabilityAlive < options.HighBelow ? High : probabilityAlive < options.MediumBelow ? Medium : Low;
    }
}

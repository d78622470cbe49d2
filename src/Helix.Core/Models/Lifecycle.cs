namespace Helix.Core.Models;

public static class Lifecycle
{
    /// <summary>
    /// New while within the new-customer window after first seen; otherwise by days since the last
    /// purchase — or since first seen, for someone who never bought, so a sign-up who never buys drifts
    /// to AtRisk and Churned on the same clock. Days are whole days elapsed (partial days round down).
    /// A purchase before first seen (imported history) counts as it is.
    /// </summary>
    public static LifecycleStage Stage(DateTimeOffset firstSeen, DateTimeOffset? lastPurchase, DateTimeOffset asOf, LifecycleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        thresholds.Validate();
        if (DaysBetween(firstSeen, asOf) < thresholds.NewWindowDays)
        {
            return LifecycleStage.New;
        }

        var silent = DaysBetween(lastPurchase ?? firstSeen, asOf);
        return silent >= thresholds.ChurnedAfterDays ? LifecycleStage.Churned
            : silent >= thresholds.AtRiskAfterDays ? LifecycleStage.AtRisk
            : LifecycleStage.Active;
    }

    private static int DaysBetween(DateTimeOffset from, DateTimeOffset to) => (int)Math.Floor((to - from).TotalDays);
}

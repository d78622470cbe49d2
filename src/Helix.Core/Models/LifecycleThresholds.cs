namespace Helix.Core.Models;

/// <summary>Day thresholds for lifecycle stages; all configurable per workspace.</summary>
/// <param name="NewWindowDays">A customer first seen fewer than this many days ago is New.</param>
/// <param name="AtRiskAfterDays">Silent at least this many days since the last purchase: AtRisk.</param>
/// <param name="ChurnedAfterDays">Silent at least this many days: Churned. Must exceed <paramref name="AtRiskAfterDays"/>.</param>
public sealed record LifecycleThresholds(int NewWindowDays = 30, int AtRiskAfterDays = 90, int ChurnedAfterDays = 180)
{
    public void Validate()
    {
        if (NewWindowDays < 0 || AtRiskAfterDays <= 0 || ChurnedAfterDays <= AtRiskAfterDays)
        {
            throw new ArgumentOutOfRangeException(nameof(LifecycleThresholds), this, "Expected 0 <= new window, 0 < at-risk < churned.");
        }
    }
}

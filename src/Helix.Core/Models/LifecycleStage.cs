namespace Helix.Core.Models;

/// <summary>Where a customer is in their relationship with the brand (DESIGN.md §2).</summary>
public enum LifecycleStage
{
    /// <summary>First seen within the new-customer window.</summary>
    New,

    /// <summary>Bought (or, never having bought, was first seen) recently enough.</summary>
    Active,

    /// <summary>预流失: silent long enough to deserve a win-back, not yet long enough to give up.</summary>
    AtRisk,

    /// <summary>Silent past the churn threshold.</summary>
    Churned,
}

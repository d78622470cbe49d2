using Helix.Core.Models;

namespace Helix.Core.Tests.Models;

public class LifecycleTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly LifecycleThresholds Thresholds = new(NewWindowDays: 30, AtRiskAfterDays: 90, ChurnedAfterDays: 180);

    [Theory]
    [InlineData(10, null, LifecycleStage.New)]
    [InlineData(29, 29, LifecycleStage.New)]
    [InlineData(30, 5, LifecycleStage.Active)]
    [InlineData(400, 89, LifecycleStage.Active)]
    [InlineData(400, 90, LifecycleStage.AtRisk)]
    [InlineData(400, 179, LifecycleStage.AtRisk)]
    [InlineData(400, 180, LifecycleStage.Churned)]
    [InlineData(60, null, LifecycleStage.Active)]
    [InlineData(120, null, LifecycleStage.AtRisk)]
    [InlineData(365, null, LifecycleStage.Churned)]
    public void DaysSinceFirstSeenAndLastPurchase_GiveTheStage(int firstSeenDaysAgo, int? lastPurchaseDaysAgo, LifecycleStage expected)
    {
        var firstSeen = AsOf.AddDays(-firstSeenDaysAgo);
        DateTimeOffset? lastPurchase = lastPurchaseDaysAgo is { } days ? AsOf.AddDays(-days) : null;

        var stage = Lifecycle.Stage(firstSeen, lastPurchase, AsOf, Thresholds);

        Assert.Equal(expected, stage);
    }

    [Fact]
    public void PartialDay_RoundsDown()
    {
        var stage = Lifecycle.Stage(AsOf.AddDays(-400), AsOf.AddDays(-90).AddSeconds(1), AsOf, Thresholds);

        Assert.Equal(LifecycleStage.Active, stage);
    }

    [Theory]
    [InlineData(-1, 90, 180)]
    [InlineData(30, 0, 180)]
    [InlineData(30, 90, 90)]
    public void InconsistentThresholds_AreRejected(int newWindow, int atRisk, int churned) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Lifecycle.Stage(AsOf, null, AsOf, new LifecycleThresholds(newWindow, atRisk, churned)));
}

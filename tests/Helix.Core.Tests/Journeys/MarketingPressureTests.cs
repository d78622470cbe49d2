using System.Text.Json;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Journeys;

public sealed class MarketingPressureTests
{
    private static readonly WorkspaceId Ws = new("ws");

    /// <summary>The global holdout is kept from marketing: every message and incentives (coupons), not from the other actions.</summary>
    [Fact]
    public void Marketing_IsEveryMessageAndTheCoupon()
    {
        var marketing = Helix.Core.Journeys.JourneyConnectors.All.Values.Where(c => c.IsMarketing).Select(c => c.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["coupon", "email", "push", "sms", "wechat_subscribe", "wechat_template", "wecom"], marketing);
    }

    [Fact]
    public void Settings_AreReadWhole_AndEachBadFieldIsNamed()
    {
        var (pressure, none) = MarketingPressure.Parse(JsonElement.Parse("""{"fatigue": {"perDay": 2, "perWeek": 5}, "channels": {"sms": {"perDay": 1}}, "globalHoldout": 0.05}"""));
        var (_, errors) = MarketingPressure.Parse(JsonElement.Parse("""{"fatigue": {"perDay": -1}, "channels": {"fax": {}, "sms": {"perWeek": 1.5}}, "globalHoldout": 0.5, "x": 1}"""));

        Assert.Empty(none);
        Assert.Equal((2, 5, 1, 0.05), (pressure!.Fatigue!.PerDay, pressure.Fatigue.PerWeek, pressure.Channels["sms"].PerDay, pressure.GlobalHoldout));
        Assert.Equal(["x", "fatigue.perDay", "channels.fax", "channels.sms.perWeek", "globalHoldout"], errors.Select(e => e.Field));
        Assert.Equal(pressure, MarketingPressure.Parse(JsonElement.Parse(pressure.ToJson())).Pressure! with { Channels = pressure.Channels });
    }

    [Theory]
    [InlineData(1, 5, 0, 0, true)]
    [InlineData(1, 5, 1, 1, false)]
    [InlineData(null, 2, 9, 1, true)]
    [InlineData(null, 2, 0, 2, false)]
    public void ALimit_CountsTheLastDayAndWeek(int? perDay, int? perWeek, int lastDay, int lastWeek, bool allows) =>
        Assert.Equal(allows, new SendLimit(perDay, perWeek).Allows(lastDay, lastWeek));

    [Fact]
    public void TheGlobalHoldout_IsAStableShare_AndGrowsOnlyByAddingPersons()
    {
        var persons = Enumerable.Range(0, 10_000).Select(i => new PersonId($"p{i}")).ToList();
        var five = persons.Where(p => (MarketingPressure.None with { GlobalHoldout = 0.05 }).HeldOut(Ws, p)).ToHashSet();
        var ten = persons.Where(p => (MarketingPressure.None with { GlobalHoldout = 0.10 }).HeldOut(Ws, p)).ToHashSet();

        Assert.InRange(five.Count, 430, 570);
        Assert.InRange(ten.Count, 900, 1100);
        Assert.Subset(ten, five);
        Assert.DoesNotContain(persons, p => MarketingPressure.None.HeldOut(Ws, p));
        Assert.NotEqual(five, persons.Where(p => (MarketingPressure.None with { GlobalHoldout = 0.05 }).HeldOut(new WorkspaceId("other"), p)).ToHashSet());
    }
}

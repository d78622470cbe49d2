using System.Text.Json;
using Helix.Core.Analytics;
using Helix.Core.Analytics.Kpis;

namespace Helix.Core.Tests.Analytics;

public sealed class KpiSpecTests
{
    [Fact]
    public void RangeOnly_TakesTheDefaults()
    {
        var (query, errors) = AnalyticsSpec.ParseKpis(JsonElement.Parse("""{"from": "2026-11-01", "to": "2026-11-30", "interval": "week"}"""));

        Assert.Empty(errors);
        Assert.Equal((AnalyticsInterval.Week, "Asia/Shanghai"), (query!.Range.Interval, query.Range.Zone.Id));
        Assert.Equal(["Followed", "Order Completed", "Coupon Received", "Coupon Applied"],
            [query.Follow.Events[0], query.Order.Events[0], query.CouponReceived.Events[0], query.CouponApplied.Events[0]]);
        Assert.Equal(("revenue", 30, 30), (query.Revenue, query.ConversionDays, query.RedemptionDays));
        Assert.Equal([1, 7, 14, 30], query.RetentionDays);
        Assert.Null(query.Segment);
    }

    [Fact]
    public void EveryOption_IsRead()
    {
        var (query, errors) = AnalyticsSpec.ParseKpis(JsonElement.Parse("""
            {"from": "2026-11-01", "to": "2026-11-30", "timeZone": "America/New_York", "segment": "tag(\"vip\")",
             "follow": {"event": "Subscribed"}, "order": {"event": ["Order Paid", "POS Sale"], "where": [{"property": "total", "op": "gt", "value": 0}]},
             "revenue": "order.total", "couponReceived": {"event": "Voucher Claimed"}, "couponApplied": {"event": "Voucher Used"},
             "conversionDays": 7, "redemptionDays": 14, "retentionDays": [3, 1]}
            """));

        Assert.Empty(errors);
        Assert.Equal(["Order Paid", "POS Sale"], query!.Order.Events);
        Assert.Single(query.Order.Where);
        Assert.Equal(("Subscribed", "Voucher Claimed", "Voucher Used", "order.total"), (query.Follow.Events[0], query.CouponReceived.Events[0], query.CouponApplied.Events[0], query.Revenue));
        Assert.Equal((7, 14, 14), (query.ConversionDays, query.RedemptionDays, query.DaysAfter));
        Assert.Equal([3, 1], query.RetentionDays);
        Assert.NotNull(query.Segment);
    }

    [Theory]
    [InlineData("""{"to": "2026-11-01"}""", "from")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "interval": "hour"}""", "interval")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "breakdown": {"trait": "city"}}""", "breakdown")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "follow": "Followed"}""", "follow")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "order": {"event": []}}""", "order.event")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "couponApplied": {"event": "X", "when": 1}}""", "couponApplied.when")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "revenue": "a..b"}""", "revenue")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "conversionDays": 0}""", "conversionDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "redemptionDays": 367}""", "redemptionDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "retentionDays": []}""", "retentionDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "retentionDays": [1, 1]}""", "retentionDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "retentionDays": [1, 2, 3, 4, 5, 6, 7, 8, 9]}""", "retentionDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "retentionDays": [1.5]}""", "retentionDays")]
    [InlineData("""{"from": "2026-11-01", "to": "2026-11-01", "mau": true}""", "mau")]
    public void BadField_IsNamed(string body, string field)
    {
        var (query, errors) = AnalyticsSpec.ParseKpis(JsonElement.Parse(body));

        Assert.Null(query);
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Rates_AreNullWithoutADenominator()
    {
        var set = new KpiSet(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1), 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0m, [new KpiRetention(1, 0, 0)], 0, 0);

        Assert.Equal((null, null, null, null), (set.Dau, set.FanConversion, set.RepurchaseRate, set.Aov));
        Assert.Equal((null, null, null), (set.CouponClaimRate, set.CouponRedemptionRate, set.Retention[0].Rate));
    }
}

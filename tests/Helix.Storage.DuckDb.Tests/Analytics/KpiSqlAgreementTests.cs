using System.Text.Json;
using Helix.Core.Analytics;
using Helix.Core.Analytics.Kpis;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>The KPI set's SQL against the brute-force reference on seeded random workspaces, and one small case checked by hand.</summary>
public sealed class KpiSqlAgreementTests : AudienceStoreFixture
{
    private const int Worlds = 80;

    [Fact]
    public async Task Kpis_AgreeWithTheReference()
    {
        var (converted, retained, future) = (0, 0, 0);
        for (var seed = 0; seed < Worlds; seed++)
        {
            var random = new Random(seed);
            var persons = KpiWorlds.Persons(random);
            var workspace = Write(persons, AnalyticsWorlds.Workspace(seed, "k"));
            var (query, now) = (KpiWorlds.Query(random), KpiWorlds.Now(random));

            var actual = await Store.KpisAsync(workspace, query, ProfileDefinitions.Empty, now);

            var (e, a) = (JsonSerializer.Serialize(AnalyticsReference.Kpis(persons, query, ProfileDefinitions.Empty, now), AnalyticsSqlAgreementTests.Json),
                JsonSerializer.Serialize(actual, AnalyticsSqlAgreementTests.Json));
            Assert.True(e == a, $"seed {seed}: {query} now {now:O}\nexpected {e}\nactual   {a}");
            converted += actual.Total is { ConvertedFans: > 0, CouponRedeemers: > 0 } && actual.Total.ConvertedFans < actual.Total.Fans ? 1 : 0;
            retained += actual.Total.Retention.Any(r => r.Retained > 0) ? 1 : 0;
            future += actual.Series.Any(s => s.Wau is null) && actual.Total.ElapsedDays > 0 ? 1 : 0;
        }

        Assert.True(converted >= Worlds / 8 && retained >= Worlds / 4 && future >= 3, $"converted {converted}, retained {retained}, future {future}");
    }

    /// <summary>Two ISO weeks in Shanghai, the query run on the Thursday of the second: every count and rate worked out by hand.</summary>
    [Fact]
    public async Task TwoWeeks_CountedByHand()
    {
        var workspace = Write(
        [
            Person("p1", events: [At("A", 2, 20), At("Followed", 3, 3), At("Order Completed", 3, 5, """{"revenue": 100}"""),
                At("Order Completed", 3, 6, """{"revenue": "50"}"""), At("Coupon Received", 3, 10), At("Coupon Applied", 3, 11),
                At("Order Completed", 3, 11, """{"revenue": 30}""")]),
            Person("p2", events: [At("A", 3, 2), At("A", 3, 3), At("Followed", 3, 9)]),
            Person("p3", events: [At("Home", 3, 10) with { Type = MessageType.Page }, At("Coupon Received", 3, 10), At("Me", 3, 11) with { Type = MessageType.Identify }]),
            Person("p4", events: [At("Me", 3, 4) with { Type = MessageType.Identify }]),
        ]);
        var range = new AnalyticsRange(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 15), AnalyticsInterval.Week, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var query = new KpiQuery(range, EventFilter.Track("Followed"), EventFilter.Track("Order Completed"), "revenue", EventFilter.Track("Coupon Received"),
            EventFilter.Track("Coupon Applied"), 30, 30, [1, 7, 14], null);

        var result = await Store.KpisAsync(workspace, query, ProfileDefinitions.Empty, Noon(3, 12));

        var (first, second, total) = (result.Series[0], result.Series[1], result.Total);
        Assert.Equal((new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 15)), (first.End, second.End));
        Assert.Equal((1L, 2L, 5.0 / 7, 2L, 2L), (first.NewUsers, first.ActivePersons, first.Dau!.Value, first.Wau!.Value, first.Mau!.Value));
        Assert.Equal((1L, 3L, 1.0, 3L, 3L), (second.NewUsers, second.ActivePersons, second.Dau!.Value, second.Wau!.Value, second.Mau!.Value));
        Assert.Equal((2L, 3L, 9.0 / 11), (total.NewUsers, total.ActivePersons, total.Dau!.Value));
        Assert.Equal((1.0, 0.0, 0.5), (first.FanConversion!.Value, second.FanConversion!.Value, total.FanConversion!.Value));
        Assert.Equal((2L, 1L, 1.0, 150m, 75m), (first.Orders, first.Buyers, first.RepurchaseRate!.Value, first.Gmv, first.Aov!.Value));
        Assert.Equal((1L, 0.0, 30m), (second.Orders, second.RepurchaseRate!.Value, second.Aov!.Value));
        Assert.Equal((3L, 1.0, 180m, 60m), (total.Orders, total.RepurchaseRate!.Value, total.Gmv, total.Aov!.Value));
        Assert.Equal(["1: 1/1", "7: 1/1", "14: 0/0"], Retention(first));
        Assert.Equal(["1: 0/1", "7: 0/0", "14: 0/0"], Retention(second));
        Assert.Equal(["1: 1/2", "7: 1/1", "14: 0/0"], Retention(total));
        Assert.Equal((0.0, null, 2.0 / 3, 0.5), (first.CouponClaimRate!.Value, first.CouponRedemptionRate, second.CouponClaimRate!.Value, second.CouponRedemptionRate!.Value));
        Assert.Equal((2.0 / 3, 0.5), (total.CouponClaimRate!.Value, total.CouponRedemptionRate!.Value));
        Assert.Null(total.Retention[2].Rate);

        static List<string> Retention(KpiSet set) => [.. set.Retention.Select(r => $"{r.Day}: {r.Retained}/{r.Eligible}")];
    }

    private static DateTimeOffset Noon(int month, int day) => new(2026, month, day, 4, 0, 0, TimeSpan.Zero);

    private static CollectedMessage At(string name, int month, int day, string properties = "{}") =>
        Event(name, 0, properties) with { Timestamp = Noon(month, day), ReceivedAt = Noon(month, day) };
}

using System.Text.Json;
using Helix.Core.Analytics;

namespace Helix.Core.Tests.Analytics.CustomerValue;

/// <summary>The bodies of the RFM, lifecycle and CLV analytics queries: defaults, instants, and every bad field named.</summary>
public sealed class CustomerValueSpecTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EmptyRfmBody_IsTheModelsDefaults_AtNow()
    {
        var (query, errors) = AnalyticsSpec.ParseRfm(Json("{}"), Now);

        Assert.Empty(errors);
        Assert.Equal((Now, (DateTimeOffset?)null, 5, "Order Completed", "Order Refunded", "revenue"),
            (query!.AsOf, query.CompareTo, query.Bins, query.Event, query.Refund, query.Revenue));
    }

    [Fact]
    public void Instants_WithoutAnOffsetAreUtc_AndCompareToMustBeEarlier()
    {
        var (query, _) = AnalyticsSpec.ParseClv(Json("""{"asOf": "2026-10-01T00:00:00"}"""), Now);
        var (_, late) = AnalyticsSpec.ParseRfm(Json("""{"compareTo": "2026-11-01T16:00:00+08:00"}"""), Now);

        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), query!.AsOf);
        Assert.Equal(["compareTo"], late.Select(e => e.Field));
    }

    [Theory]
    [InlineData("""{"from": "2026-01-01", "to": "2026-12-31", "interval": "month", "newWindowDays": 0, "atRiskAfterDays": 5, "churnedAfterDays": 6}""", "")]
    [InlineData("""{"from": "2026-01-01", "to": "2027-02-05", "interval": "day"}""", "to")]
    [InlineData("""{"from": "2026-01-01", "to": "2026-01-01", "atRiskAfterDays": 180}""", "churnedAfterDays")]
    [InlineData("""{"from": "2026-01-01", "to": "2026-01-01", "newWindowDays": -1}""", "newWindowDays")]
    [InlineData("""{"from": "2026-01-01", "to": "2026-01-01", "event": ""}""", "event")]
    public void LifecycleBody_NamesEachBadField(string body, string field)
    {
        var (query, errors) = AnalyticsSpec.ParseLifecycle(Json(body));

        Assert.Equal(field.Length == 0 ? [] : [field], errors.Select(e => e.Field));
        Assert.Equal(field.Length == 0, query is not null);
    }

    private static JsonElement Json(string text) => JsonElement.Parse(text);
}

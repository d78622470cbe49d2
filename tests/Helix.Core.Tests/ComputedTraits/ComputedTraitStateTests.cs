using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using static Helix.Core.Tests.ComputedTraits.TraitEvents;

namespace Helix.Core.Tests.ComputedTraits;

/// <summary>Each function over a hand-made history, with filters, fan-out over arrays, and window expiry.</summary>
public sealed class ComputedTraitStateTests
{
    // 10:00 in the workspace, 02:00 UTC.
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 10, 0, 0, China);

    private static readonly CollectedMessage[] History =
    [
        Message("Order Completed", T0, """{"total": 100, "products": [{"category": "shoes"}, {"category": "bags"}]}"""),
        Message("Order Completed", T0.AddDays(1), """{"total": "250.5", "products": [{"category": "shoes"}]}""", source: "src_app"),
        Message("Order Completed", T0.AddDays(2).AddHours(5), """{"total": 600, "products": [{"category": "hats"}]}""", source: "src_app"),
        Message("Order Completed", T0.AddDays(3), """{"total": "n/a", "products": []}""", source: "src_app"),
        Message("Product Viewed", T0.AddDays(2), """{"product_id": "p1"}"""),
        Message("Product Viewed", T0.AddDays(2), """{"product_id": "p2"}"""),
        Message("Product Viewed", T0.AddDays(4), """{"product_id": "p1"}"""),
        Message("Home", T0.AddDays(4), """{"path": "/"}""", type: MessageType.Page),
    ];

    private static readonly DateTimeOffset Now = T0.AddDays(10);

    [Theory]
    [InlineData("""{"name": "orders", "function": "count", "event": "Order Completed"}""", "4")]
    [InlineData("""{"name": "spend_total", "function": "sum", "event": "Order Completed", "of": "properties.total"}""", "950.5")]
    [InlineData("""{"name": "min_order", "function": "min", "event": "Order Completed", "of": "properties.total"}""", "100")]
    [InlineData("""{"name": "max_order_total", "function": "max", "event": "Order Completed", "of": "properties.total"}""", "600")]
    [InlineData("""{"name": "first_order_at", "function": "first", "event": "Order Completed"}""", "\"2026-11-01T02:00:00.0000000Z\"")]
    [InlineData("""{"name": "last_order_at", "function": "last", "event": "Order Completed"}""", "\"2026-11-04T02:00:00.0000000Z\"")]
    [InlineData("""{"name": "last_total", "function": "last", "event": "Order Completed", "of": "properties.total"}""", "\"n/a\"")]
    [InlineData("""{"name": "first_source", "function": "first", "event": "Order Completed", "of": "source"}""", "\"src_web\"")]
    [InlineData("""{"name": "favourite_category", "function": "mostFrequent", "event": ["Order Completed"], "of": "properties.products[].category"}""", "\"shoes\"")]
    [InlineData("""{"name": "categories", "function": "distinctCount", "event": "Order Completed", "of": "properties.products[].category"}""", "3")]
    [InlineData("""{"name": "preferred_channel", "function": "mostFrequent", "type": "any", "of": "source"}""", "\"src_web\"")]
    [InlineData("""{"name": "active_hour", "function": "mostFrequent", "of": "hour"}""", "10")]
    [InlineData("""{"name": "order_weekday", "function": "first", "event": "Order Completed", "of": "weekday"}""", "7")]
    [InlineData("""{"name": "distinct_products_viewed_30d", "function": "distinctCount", "event": "Product Viewed", "of": "properties.product_id", "window": "30d"}""", "2")]
    [InlineData("""{"name": "big_orders", "function": "count", "event": "Order Completed", "where": [{"property": "total", "op": "gte", "value": 500}]}""", "1")]
    [InlineData("""{"name": "mid_orders", "function": "count", "event": "Order Completed", "where": [{"property": "total", "op": "lt", "value": 300}]}""", "2")]
    [InlineData("""{"name": "pages", "function": "count", "type": "page"}""", "1")]
    [InlineData("""{"name": "events", "function": "count", "type": "any"}""", "8")]
    [InlineData("""{"name": "none_yet", "function": "sum", "event": "Refund", "of": "properties.total"}""", null)]
    [InlineData("""{"name": "no_refunds", "function": "count", "event": "Refund"}""", "0")]
    public void HandMadeHistory_GivesEachFunctionsValue(string json, string? expected)
    {
        var definition = Definition(json);

        var state = Fold(definition, History);

        Assert.Equal(expected, state.Raw(definition, Now));
    }

    [Fact]
    public void NetSum_SubtractsRefunds_InTheirOwnWindow()
    {
        var definition = Definition("""
            {"name": "net_spend_7d", "function": "sum", "event": "Order Completed", "of": "properties.total", "window": "7d",
             "subtract": {"event": "Order Refunded", "where": [{"property": "reason", "op": "ne", "value": "test"}]}}
            """);
        CollectedMessage[] events =
        [
            Message("Order Completed", T0, """{"total": 300}"""),
            Message("Order Completed", T0.AddDays(3), """{"total": 80}"""),
            Message("Order Refunded", T0.AddDays(4), """{"total": 100, "reason": "damaged"}"""),
            Message("Order Refunded", T0.AddDays(4), """{"total": 999, "reason": "test"}"""),
        ];

        var state = Fold(definition, events);

        Assert.Equal(280m, state.Value(definition, T0.AddDays(5))!.Value.GetDecimal());
        // The 300 order leaves the window before its partial refund does: the net goes negative for those days.
        Assert.Equal(-20m, state.Value(definition, T0.AddDays(8))!.Value.GetDecimal());
        Assert.Null(state.Value(definition, T0.AddDays(12)));
    }

    [Fact]
    public void Avg_IsTheMeanOfTheNumericValues()
    {
        var definition = Definition("""{"name": "aov", "function": "avg", "event": "Order Completed", "of": "properties.total"}""");

        var state = Fold(definition, History);

        Assert.Equal(950.5m / 3, state.Value(definition, Now)!.Value.GetDecimal());
    }

    [Fact]
    public void MostFrequentTie_BreaksByOrdinalValue_InAnyOrder()
    {
        var definition = Definition("""{"name": "fav", "function": "mostFrequent", "of": "properties.c"}""");
        var events = new[] { Message("x", T0, """{"c": "shoes"}"""), Message("x", T0, """{"c": "bags"}""") };

        var forward = Fold(definition, events);
        var backward = Fold(definition, events.Reverse());

        Assert.Equal("\"bags\"", forward.Raw(definition, Now));
        Assert.Equal("\"bags\"", backward.Raw(definition, Now));
    }

    [Fact]
    public void DayWindow_CountsThroughDay89_AndDropsOnDay90()
    {
        var definition = Definition("""{"name": "orders_90d", "function": "count", "event": "Order Completed", "window": "90d"}""");
        var day = new DateTimeOffset(2026, 3, 1, 23, 30, 0, China);
        var state = Fold(definition, [Message("Order Completed", day)]);
        var day90 = new DateTimeOffset(2026, 5, 30, 0, 0, 0, China);

        Assert.Equal("1", state.Raw(definition, day90.AddTicks(-1)));
        Assert.Equal("0", state.Raw(definition, day90));
        Assert.Equal(day90, state.NextChange(definition, day));
        Assert.Equal(day90, state.NextChange(definition, day90.AddDays(-1)));
        Assert.Null(state.NextChange(definition, day90));
    }

    [Fact]
    public void DayWindow_FollowsTheWorkspaceCalendar_NotUtc()
    {
        var definition = Definition("""{"name": "orders_1d", "function": "count", "event": "Order Completed", "window": "1d"}""");
        // 23:00 UTC on 1 March is 07:00 on 2 March in the workspace.
        var state = Fold(definition, [Message("Order Completed", new DateTimeOffset(2026, 3, 1, 23, 0, 0, TimeSpan.Zero))]);

        Assert.Equal("1", state.Raw(definition, new DateTimeOffset(2026, 3, 2, 23, 59, 0, China)));
        Assert.Equal("0", state.Raw(definition, new DateTimeOffset(2026, 3, 3, 0, 0, 0, China)));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, China), state.NextChange(definition, new DateTimeOffset(2026, 3, 2, 8, 0, 0, China)));
    }

    [Fact]
    public void HourWindow_CountsTheLastNHours()
    {
        var definition = Definition("""{"name": "views_3h", "function": "count", "event": "Product Viewed", "window": "3h"}""");
        var at = new DateTimeOffset(2026, 3, 1, 10, 15, 0, TimeSpan.Zero);
        var state = Fold(definition, [Message("Product Viewed", at)]);
        var gone = new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero);

        Assert.Equal("1", state.Raw(definition, gone.AddTicks(-1)));
        Assert.Equal("0", state.Raw(definition, gone));
        Assert.Equal(gone, state.NextChange(definition, at));
    }

    [Fact]
    public void NextChange_SkipsExpiriesThatLeaveTheValueAlone()
    {
        var definition = Definition("""{"name": "max_7d", "function": "max", "of": "properties.total", "window": "7d"}""");
        var day = new DateTimeOffset(2026, 3, 1, 12, 0, 0, China);
        var state = Fold(definition, [Message("o", day, """{"total": 5}"""), Message("o", day.AddDays(2), """{"total": 9}""")]);

        // The 5 leaving on 8 March does not change the max of 9, which leaves on 10 March.
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 0, 0, 0, China), state.NextChange(definition, day.AddDays(2)));
        Assert.Null(state.NextChange(Definition("""{"name": "max_all", "function": "max", "of": "properties.total"}"""), day));
    }

    [Fact]
    public void LateEvent_LandsInItsOwnDay_AndTooLateIsIgnored()
    {
        var definition = Definition("""{"name": "orders_7d", "function": "count", "event": "Order Completed", "window": "7d"}""");
        var now = new DateTimeOffset(2026, 3, 10, 12, 0, 0, China);
        var state = Fold(definition,
        [
            Message("Order Completed", now.AddDays(-3), received: now),
            Message("Order Completed", now.AddDays(-30), received: now),
        ]);

        Assert.Equal("1", state.Raw(definition, now));
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 0, 0, 0, China), state.NextChange(definition, now));
    }

    [Fact]
    public void Prune_DropsOnlyExpiredBuckets_AndEmptiesWhenAllExpired()
    {
        var definition = Definition("""{"name": "orders_7d", "function": "count", "event": "Order Completed", "window": "7d"}""");
        var day = new DateTimeOffset(2026, 3, 1, 12, 0, 0, China);
        var state = Fold(definition, [Message("Order Completed", day), Message("Order Completed", day.AddDays(3))]);

        state.Prune(definition, day.AddDays(8));

        Assert.Equal("1", state.Raw(definition, day.AddDays(8)));
        state.Prune(definition, day.AddDays(30));
        Assert.True(state.IsEmpty);
    }

    [Fact]
    public void DistinctValues_AreCappedPerState()
    {
        var definition = Definition("""{"name": "ids", "function": "distinctCount", "of": "properties.id"}""");
        var events = Enumerable.Range(0, ComputedTraitState.MaxDistinctValues + 10).Select(i => Message("v", T0, $$"""{"id": {{i}}}"""));

        var state = Fold(definition, events);

        Assert.Equal(ComputedTraitState.MaxDistinctValues.ToString(System.Globalization.CultureInfo.InvariantCulture), state.Raw(definition, Now));
    }
}

using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Commerce;
using Helix.Core.Workspaces;
using static Helix.Core.Tests.Commerce.OrderRows;

namespace Helix.Core.Tests.Commerce;

public sealed class OrderConverterTests
{
    [Fact]
    public void LinesOfOneOrder_AreGroupedWhereverTheyStand()
    {
        var result = Convert(
            Line(2, "A", "2", "3.50", "S1"),
            Line(3, "B", "1", "5", "S2", userId: "u2"),
            Line(4, "A", "1", "10", "S3"));

        Assert.Equal(["A", "B"], result.Orders.Select(o => o.OrderId));
        var a = result.Orders[0];
        Assert.Equal(OrderKind.Completed, a.Kind);
        Assert.Equal([2L, 4L], a.Rows);
        Assert.Equal(17m, a.Total);
        Assert.Equal(17m, Property(a, "revenue"));
        Assert.Equal("S3", Text(a, "properties.products.1.product_id"));
        Assert.Equal("2", Text(a, "properties.products.0.quantity"));
        Assert.Equal("Order Completed", Text(a, "event"));
        Assert.Equal("u1", Text(a, "userId"));
        Assert.Equal(3, result.Lines);
    }

    [Fact]
    public void OrderDiscount_ReducesTheTotal()
    {
        var result = Convert(
            Line(2, "A", "2", "50", more: ("discount", "15")),
            Line(3, "A", "1", "20", more: ("discount", "15.00")));

        var order = Assert.Single(result.Orders);
        Assert.Equal(120m, Property(order, "subtotal"));
        Assert.Equal(15m, Property(order, "discount"));
        Assert.Equal(105m, Property(order, "total"));
    }

    [Fact]
    public void PrefixedOrder_IsARefundOfTheOriginalWithAPositiveTotal()
    {
        var options = Options with { RefundPrefix = "C" };

        var result = Convert(options, Line(2, "C536379", "-3", "2.50", "D"), Line(3, "C536379", "-1", "4", "E"));

        var refund = Assert.Single(result.Orders);
        Assert.Equal(OrderKind.Refunded, refund.Kind);
        Assert.Equal("Order Refunded", Text(refund, "event"));
        Assert.Equal("536379", Text(refund, "properties.order_id"));
        Assert.Equal(11.5m, Property(refund, "total"));
        Assert.Equal("3", Text(refund, "properties.products.0.quantity"));
    }

    [Fact]
    public void RefundStatus_MakesARefundEvenWithPositiveQuantities()
    {
        var result = Convert(Line(2, "A", "2", "10", more: ("status", "Refunded")));

        var refund = Assert.Single(result.Orders);
        Assert.Equal(OrderKind.Refunded, refund.Kind);
        Assert.Equal(20m, refund.Total);
        Assert.Equal("A", refund.OrderId);
    }

    [Fact]
    public void NegativeLinesOfAnOrder_AreReturnedBesideTheOrder()
    {
        var result = Convert(Line(2, "A", "3", "10"), Line(3, "A", "-1", "10", "SKU2"));

        Assert.Equal([OrderKind.Completed, OrderKind.Refunded], result.Orders.Select(o => o.Kind));
        Assert.Equal([30m, 10m], result.Orders.Select(o => o.Total));
        Assert.All(result.Orders, o => Assert.Equal("A", o.OrderId));
        Assert.NotEqual(Text(result.Orders[0], "messageId"), Text(result.Orders[1], "messageId"));
    }

    [Fact]
    public void PrefixWithoutMore_IsNotARefund()
    {
        var result = Convert(Options with { RefundPrefix = "C" }, Line(2, "C", "1", "10"));

        Assert.Equal(OrderKind.Completed, Assert.Single(result.Orders).Kind);
    }

    [Fact]
    public void BadLine_RejectsItsWholeOrderAndNamesRowAndColumn()
    {
        var result = Convert(
            Line(2, "A", "2", "10"),
            Line(3, "B", "1", "10"),
            Line(4, "A", "two", "10"),
            Line(5, "A", "1", "-1", orderedAt: "18/06/2024"));

        Assert.Equal("B", Assert.Single(result.Orders).OrderId);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal("A", rejected.OrderId);
        Assert.Equal([2L, 4L, 5L], rejected.Rows);
        Assert.Contains(new RowError(OrderTable.Lines, 4, "quantity", "'two' is not a number"), rejected.Errors);
        Assert.Contains(rejected.Errors, e => e is { Row: 5, Column: "unit_price" });
        Assert.Contains(rejected.Errors, e => e is { Row: 5, Column: "ordered_at" } && e.Reason.Contains("18/06/2024", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingOrderIdAndUnreadableRow_AreRejectedOnTheirOwn()
    {
        var unreadable = Line(3, "A", "1", "10") with { Problem = "has 9 fields; the header has 8" };

        var result = Convert(Line(2, null), unreadable, Line(4, "A", "1", "10"));

        Assert.Empty(result.Orders);
        Assert.Equal(new RowError(OrderTable.Lines, 2, "order_id", "is required"), Assert.Single(result.Rejected[0].Errors));
        Assert.Equal([3L, 4L], result.Rejected[1].Rows);
        Assert.Equal("*", result.Rejected[1].Errors[0].Column);
    }

    [Fact]
    public void ConflictingBuyerOnOneOrder_IsAnError()
    {
        var result = Convert(Line(2, "A", userId: "u1"), Line(3, "A", userId: "u2"), Line(4, "A", userId: null));

        var error = Assert.Single(Assert.Single(result.Rejected).Errors);
        Assert.Equal((3L, "user_id"), (error.Row, error.Column));
        Assert.Contains("row 2", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DiscountOverSubtotal_IsAnError()
    {
        var result = Convert(Line(2, "A", "1", "10", more: ("discount", "12")));

        Assert.Equal("discount", Assert.Single(Assert.Single(result.Rejected).Errors).Column);
    }

    [Fact]
    public void ZeroQuantityAndMissingProduct_AreErrors()
    {
        var result = Convert(Line(2, "A", "0"), Line(3, "B", sku: null));

        Assert.Equal(["quantity", "product_id"], result.Rejected.Select(r => r.Errors.Single().Column));
    }

    [Fact]
    public void OrderTime_IsTheEarliestLineInTheConfiguredZone()
    {
        var options = Options with { Times = new OrderTimes(OrderTimes.FindZone("Europe/London")!) };

        var result = Convert(options, Line(2, "A", orderedAt: "2011-06-01 10:01:00"), Line(3, "A", orderedAt: "2011-06-01 10:00:00"));

        Assert.Equal("2011-06-01T10:00:00.000+01:00", Text(Assert.Single(result.Orders), "timestamp"));
    }

    [Fact]
    public void DefaultZone_IsChinaTime()
    {
        var result = Convert(Line(2, "A", orderedAt: "2024-06-18 20:15:00"));

        Assert.Equal("2024-06-18T20:15:00.000+08:00", Text(Assert.Single(result.Orders), "timestamp"));
    }

    [Fact]
    public void PhoneWithoutUserId_LinksThroughContextTraitsUnderAStableAnonymousId()
    {
        var result = Convert(
            Line(2, "A", userId: null, more: ("phone", "13800138000")),
            Line(3, "B", userId: null, more: [("phone", "13800138000"), ("email", "a@example.com")]));

        Assert.All(result.Orders, o => Assert.Null(o.Message["userId"]));
        Assert.Equal(Text(result.Orders[0], "anonymousId"), Text(result.Orders[1], "anonymousId"));
        Assert.Equal("13800138000", Text(result.Orders[0], "context.traits.phone"));
        Assert.Equal("a@example.com", Text(result.Orders[1], "context.traits.email"));
    }

    [Fact]
    public void GuestOrders_AreSkippedOrImportedAnonymously()
    {
        var skipped = Convert(Line(2, "A", userId: null), Line(3, "B"));
        var anonymous = Convert(Options with { GuestOrders = GuestOrders.Anonymous }, Line(2, "A", userId: null), Line(3, "B"));

        Assert.Equal((1, 1L), (skipped.Orders.Count, skipped.GuestOrdersSkipped));
        Assert.Equal(2, anonymous.Orders.Count);
        Assert.StartsWith("guest-", Text(anonymous.Orders[0], "anonymousId"), StringComparison.Ordinal);
    }

    [Fact]
    public void MessageIds_AreStablePerScopeOrderAndKind()
    {
        var rows = new[] { Line(2, "A"), Line(3, "B"), Line(4, "B", "-1") };

        var once = Convert(rows);
        var again = Convert(rows.Reverse().ToArray());
        var elsewhere = Convert(Options with { IdScope = "src_other" }, rows);

        static string[] Ids(OrderConversion c) => [.. c.Orders.Select(o => Text(o, "messageId")!).Order(StringComparer.Ordinal)];
        Assert.Equal(Ids(once), Ids(again));
        Assert.Equal(3, Ids(once).Distinct().Count());
        Assert.Empty(Ids(once).Intersect(Ids(elsewhere)));
        Assert.Equal(once.Orders.Select(o => o.Message.ToJsonString()), Convert(rows).Orders.Select(o => o.Message.ToJsonString()));
    }

    [Fact]
    public void ReferenceTables_CompleteProductsStoresAndGuides()
    {
        var columns = OrderColumns.Default;
        var references = OrderReferences.Build(
            columns,
            [Row(2, ("sku", "SKU1"), ("name", "Walnuts 500g"), ("category", "nuts"), ("brand", "Lotus")), Row(3, ("sku", "SKU9"), ("price_band", "gift"))],
            [Row(2, ("store_id", "S01"), ("name", "People's Square"), ("city", "Shanghai"))],
            [Row(2, ("guide_id", "G7"), ("name", "Li Na"), ("store_id", "S01"))],
            out var errors);
        var options = Options with { PriceBands = PriceBands.Parse("5,20,100", null, out _) };

        var result = OrderConverter.Convert(
            [Line(2, "A", "1", "30", more: ("guide_id", "G7")), Line(3, "A", "1", "3", "SKU9"), Line(4, "A", "2", "1", "SKU404")], references, options);

        Assert.Empty(errors);
        var order = Assert.Single(result.Orders);
        Assert.Equal("nuts", Text(order, "properties.products.0.category"));
        Assert.Equal("Walnuts 500g", Text(order, "properties.products.0.name"));
        Assert.Equal("premium", Text(order, "properties.products.0.price_band"));
        Assert.Equal("gift", Text(order, "properties.products.1.price_band"));
        Assert.Equal("budget", Text(order, "properties.products.2.price_band"));
        Assert.Equal(("S01", "People's Square", "Shanghai"), (Text(order, "properties.store_id"), Text(order, "properties.store_name"), Text(order, "properties.store_city")));
        Assert.Equal("Li Na", Text(order, "properties.guide_name"));
        Assert.Equal((1L, "SKU404"), (result.UnknownProductLines, Assert.Single(result.UnknownProducts)));
    }

    [Fact]
    public void ReferenceRowsWithoutOrWithRepeatedKeys_AreReported()
    {
        OrderReferences.Build(OrderColumns.Default, [Row(2, ("name", "x")), Row(3, ("sku", "A")), Row(4, ("sku", "A"))], [Row(2, ("store_id", ""))], null, out var errors);

        Assert.Equal([(OrderTable.Products, 2L), (OrderTable.Products, 4L), (OrderTable.Stores, 2L)], errors.Select(e => (e.Table, e.Row)));
    }

    [Fact]
    public void Messages_PassTheCollectParser()
    {
        var result = Convert(Options with { RefundPrefix = "C" }, Line(2, "A", more: ("email", "a@example.com")), Line(3, "CA", "-1"));
        var envelope = new CollectEnvelope(new WorkspaceId("ws"), new SourceId("src"), DateTimeOffset.UnixEpoch);

        foreach (var order in result.Orders)
        {
            using var document = JsonDocument.Parse(order.Message.ToJsonString());
            var parsed = MessageParser.Parse(document.RootElement, "", null, envelope, () => "unused");

            Assert.Empty(parsed.Errors);
            Assert.Equal(Text(order, "messageId"), parsed.Message!.MessageId);
        }
    }
}

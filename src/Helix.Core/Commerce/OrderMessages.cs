using System.Globalization;
using System.Text.Json.Nodes;

namespace Helix.Core.Commerce;

/// <summary>The JSON of one order message, in the shape of Segment's e-commerce spec and Helix's demo orders.</summary>
internal static class OrderMessages
{
    public sealed record Order(
        OrderKind Kind, string MessageId, string OrderId, OrderDraft Draft, IReadOnlyList<OrderLine> Lines, decimal Subtotal, decimal? Discount, OrderBuyer Buyer);

    public static JsonObject Create(Order order, OrderReferences references, OrderImportOptions options, UnknownProducts unknown)
    {
        var message = new JsonObject
        {
            ["type"] = "track",
            ["event"] = order.Kind == OrderKind.Completed ? CommerceEvents.OrderCompleted : CommerceEvents.OrderRefunded,
            ["messageId"] = order.MessageId,
        };
        if (order.Buyer.UserId is { } userId)
        {
            message["userId"] = userId;
        }

        if (order.Buyer.AnonymousId is { } anonymousId)
        {
            message["anonymousId"] = anonymousId;
        }

        message["timestamp"] = order.Draft.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        message["properties"] = Properties(order, references, options, unknown);
        if (order.Buyer.Traits.Count > 0)
        {
            var traits = new JsonObject();
            foreach (var (trait, value) in order.Buyer.Traits)
            {
                traits[trait] = value;
            }

            message["context"] = new JsonObject { ["traits"] = traits };
        }

        return message;
    }

    private static JsonObject Properties(Order order, OrderReferences references, OrderImportOptions options, UnknownProducts unknown)
    {
        var draft = order.Draft;
        var total = order.Subtotal - (order.Discount ?? 0);
        var properties = new JsonObject
        {
            ["order_id"] = order.OrderId,
            ["total"] = total,
            ["revenue"] = total,
            ["subtotal"] = order.Subtotal,
        };
        if (order.Discount is { } discount)
        {
            properties["discount"] = discount;
        }

        Set(properties, "currency", draft.Value("currency") ?? options.Currency);
        var guide = draft.Value("guide_id") is { } guideId ? references.FindGuide(guideId) : null;
        if ((draft.Value("store_id") ?? guide?.StoreId) is { } storeId)
        {
            var store = references.FindStore(storeId);
            properties["store_id"] = storeId;
            Set(properties, "store_name", store?.Name);
            Set(properties, "store_city", store?.City);
        }

        if (draft.Value("guide_id") is { } guideIdValue)
        {
            properties["guide_id"] = guideIdValue;
            Set(properties, "guide_name", guide?.Name);
        }

        // affiliation is the spec's name for the shop an order went through; computed traits such as preferred_channel read it.
        Set(properties, "channel", draft.Value("channel"));
        Set(properties, "affiliation", draft.Value("channel"));
        Set(properties, "country", draft.Value("country"));
        var products = new JsonArray();
        foreach (var line in order.Lines)
        {
            products.Add(Item(line, references, options, unknown));
        }

        properties["products"] = products;
        return properties;
    }

    /// <summary>A product entry: what the line says, completed from the product table.</summary>
    private static JsonObject Item(OrderLine line, OrderReferences references, OrderImportOptions options, UnknownProducts unknown)
    {
        var product = references.FindProduct(line.ProductId, line.Sku);
        unknown.Check(product, (line.ProductId ?? line.Sku)!);
        var item = new JsonObject { ["product_id"] = line.ProductId ?? product?.ProductId ?? line.Sku };
        Set(item, "sku", line.Sku ?? product?.Sku);
        Set(item, "name", line.Name ?? product?.Name);
        Set(item, "category", line.Category ?? product?.Category);
        Set(item, "brand", line.Brand ?? product?.Brand);
        item["price"] = line.UnitPrice;
        item["quantity"] = Math.Abs(line.Quantity);
        Set(item, "price_band", product?.PriceBand ?? options.PriceBands?.Of(line.UnitPrice));
        return item;
    }

    private static void Set(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}

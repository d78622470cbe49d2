using System.Globalization;
using System.Text.Json.Nodes;

namespace Helix.DemoData;

/// <summary>Turns a planned entry into a Segment-spec message, as the channel's SDK or integration would send it.</summary>
internal static class MessageRenderer
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static JsonObject Render(Behaviour.Planned planned, Customer customer, string channel)
    {
        var at = new DateTimeOffset(planned.Ticks, TimeSpan.Zero).ToOffset(ChinaOffset);
        var message = new JsonObject
        {
            ["timestamp"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        };
        if (channel != "pos")
        {
            message["anonymousId"] = customer.ChannelId(channel);
        }

        if (planned.Identified)
        {
            message["userId"] = customer.MemberId;
        }

        message["context"] = Context(planned, customer, channel);
        switch (planned.Kind)
        {
            case Behaviour.Kind.Identify:
                message["type"] = "identify";
                message["traits"] = Traits(customer, channel);
                break;
            case Behaviour.Kind.View:
                var isPage = channel is "web" or "tmall" or "jd" or "douyin" or "wechat_oa";
                message["type"] = isPage ? "page" : "screen";
                message["name"] = isPage ? "首页" : "Home";
                break;
            default:
                message["type"] = "track";
                message["event"] = EventName(planned.Kind);
                message["properties"] = Properties(planned, customer, channel);
                break;
        }

        return message;
    }

    private static string EventName(Behaviour.Kind kind) => kind switch
    {
        Behaviour.Kind.Followed => "Followed",
        Behaviour.Kind.ProductViewed => "Product Viewed",
        Behaviour.Kind.ProductAdded => "Product Added",
        Behaviour.Kind.CheckoutStarted => "Checkout Started",
        Behaviour.Kind.OrderCompleted => "Order Completed",
        Behaviour.Kind.OrderRefunded => "Order Refunded",
        Behaviour.Kind.CouponReceived => "Coupon Received",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static JsonObject Properties(Behaviour.Planned planned, Customer customer, string channel)
    {
        if (planned.Kind is Behaviour.Kind.Followed)
        {
            return new JsonObject { ["account"] = "莲花零食" };
        }

        if (planned.Kind is Behaviour.Kind.CouponReceived)
        {
            return new JsonObject { ["coupon_id"] = "NEW20", ["discount"] = 20 };
        }

        var product = Catalog.Products[planned.Product];
        var item = new JsonObject
        {
            ["product_id"] = product.Id,
            ["sku"] = product.Id,
            ["name"] = product.Name,
            ["category"] = product.Category,
            ["brand"] = "莲花零食",
            ["price"] = product.Price,
        };
        if (planned.Kind is Behaviour.Kind.ProductViewed)
        {
            return item;
        }

        item["quantity"] = planned.Quantity;
        if (planned.Kind is Behaviour.Kind.ProductAdded or Behaviour.Kind.CheckoutStarted)
        {
            return item;
        }

        var subtotal = product.Price * planned.Quantity;
        var discount = subtotal >= 99m ? 10m : 0m;
        var properties = new JsonObject
        {
            ["order_id"] = string.Create(CultureInfo.InvariantCulture, $"{channel.ToUpperInvariant()}-{customer.Index:D7}-{planned.Order:D3}"),
            ["total"] = subtotal - discount,
            ["revenue"] = subtotal - discount,
            ["discount"] = discount,
            ["currency"] = "CNY",
            ["products"] = new JsonArray(item),
        };
        if (discount > 0)
        {
            properties["coupon"] = "MAN99JIAN10";
        }

        if (channel == "pos")
        {
            properties["store_id"] = customer.Store;
        }

        return properties;
    }

    private static JsonObject Traits(Customer customer, string channel)
    {
        var traits = new JsonObject
        {
            ["name"] = customer.Name,
            ["phone"] = channel == "pos" || channel == "wechat_mp" || channel == "app" ? customer.Phone : null,
            ["gender"] = customer.Gender,
            ["birthday"] = customer.Birthday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["city"] = customer.City,
            ["member_tier"] = customer.Tier,
        };
        if (customer.Email is { } email && channel is "web" or "app")
        {
            traits["email"] = email;
        }

        if (channel == "pos")
        {
            traits["home_store"] = customer.Store;
        }

        foreach (var empty in traits.Where(t => t.Value is null).Select(t => t.Key).ToList())
        {
            traits.Remove(empty);
        }

        return traits;
    }

    private static JsonObject Context(Behaviour.Planned planned, Customer customer, string channel)
    {
        var context = new JsonObject { ["channel"] = channel };
        var externalType = channel switch
        {
            "tmall" => "taobao_ouid",
            "jd" => "jd_pin",
            "douyin" => "douyin_openid",
            "wechat_mp" or "wechat_oa" => "wechat_openid",
            _ => null,
        };
        if (externalType is not null)
        {
            var ids = new JsonArray(new JsonObject { ["id"] = customer.ChannelId(channel), ["type"] = externalType, ["collection"] = "users", ["encoding"] = "none" });
            if (channel.StartsWith("wechat", StringComparison.Ordinal))
            {
                ids.Add(new JsonObject { ["id"] = customer.UnionId, ["type"] = "wechat_unionid", ["collection"] = "users", ["encoding"] = "none" });
            }

            context["externalIds"] = ids;
        }

        if (channel == "app")
        {
            context["device"] = new JsonObject { ["advertisingId"] = customer.ChannelId("app"), ["type"] = "ios" };
        }

        if (planned.Campaign)
        {
            context["campaign"] = new JsonObject { ["source"] = channel == "douyin" ? "douyin" : "wechat", ["medium"] = "social", ["name"] = "double11" };
        }

        return context;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Helix.DemoData;

/// <summary>Turns a planned entry into a Segment-spec message, as the channel's SDK or integration would send it.</summary>
internal sealed class MessageRenderer(int seed)
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private static readonly string[] Tiers = ["普通", "银卡", "金卡", "黑金"];

    /// <summary>Pages of the site, app and mini program; index 0 is the home page.</summary>
    public static readonly (string Name, string Path)[] Pages =
    [
        ("首页", "/"), ("新品专区", "/new"), ("坚果炒货", "/category/nuts"), ("会员中心", "/member"), ("领券中心", "/coupons"),
        ("礼盒专区", "/gifts"), ("搜索结果", "/search"), ("限时秒杀", "/flash-sale"),
    ];

    /// <summary>Official-account articles.</summary>
    public static readonly string[] Articles =
    [
        "秋冬囤货指南：办公室零食这样选", "每日坚果怎么吃才健康", "会员日福利来啦", "新品上市｜冻干榴莲", "中秋礼盒预售开启", "门店导购推荐榜",
    ];

    private static readonly string[] Scenes = ["扫码关注", "公众号搜索", "文章分享", "门店二维码", "包裹卡"];

    public JsonObject Render(PlannedEvent planned, CustomerProfile customer, string messageId)
    {
        var channel = planned.Channel;
        var message = new JsonObject { ["messageId"] = messageId };
        if (channel != DemoBrand.Pos)
        {
            message["anonymousId"] = customer.ChannelId(channel, seed);
        }

        if (planned.Identified)
        {
            message["userId"] = customer.MemberId;
        }

        switch (planned.Kind)
        {
            case EventKind.Identify:
                message["type"] = "identify";
                message["traits"] = Traits(customer, channel, planned.Detail);
                break;
            case EventKind.Page or EventKind.Screen:
                message["type"] = planned.Kind == EventKind.Page ? "page" : "screen";
                var (name, properties) = View(planned);
                message["name"] = name;
                message["properties"] = properties;
                break;
            default:
                message["type"] = "track";
                message["event"] = EventName(planned.Kind);
                message["properties"] = Properties(planned, customer);
                break;
        }

        message["context"] = Context(planned, customer);
        var at = new DateTimeOffset(planned.Ticks, TimeSpan.Zero).ToOffset(ChinaOffset);
        message["timestamp"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        return message;
    }

    private static string EventName(EventKind kind) => kind switch
    {
        EventKind.Followed => "Followed",
        EventKind.ProductViewed => "Product Viewed",
        EventKind.ProductAdded => "Product Added",
        EventKind.CartViewed => "Cart Viewed",
        EventKind.CheckoutStarted => "Checkout Started",
        EventKind.CouponReceived => "Coupon Received",
        EventKind.CouponApplied => "Coupon Applied",
        EventKind.OrderCompleted => "Order Completed",
        EventKind.OrderRefunded => "Order Refunded",
        EventKind.StoreVisited => "Store Visited",
        EventKind.ConsentUpdated => "Consent Updated",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a track event."),
    };

    private static (string Name, JsonObject Properties) View(PlannedEvent planned)
    {
        if (planned.Channel == DemoBrand.WechatOa)
        {
            var title = Articles[planned.Detail - 1];
            return (title, new JsonObject { ["title"] = title, ["url"] = string.Create(CultureInfo.InvariantCulture, $"https://mp.weixin.qq.com/s/lotus-{planned.Detail}") });
        }

        var (name, path) = Pages[planned.Detail];
        var properties = new JsonObject { ["title"] = name, ["path"] = path };
        if (planned.Channel == DemoBrand.Web)
        {
            properties["url"] = "https://www.lotus-snacks.cn" + path;
        }

        return (name, properties);
    }

    private JsonObject Properties(PlannedEvent planned, CustomerProfile customer)
    {
        switch (planned.Kind)
        {
            case EventKind.Followed:
                return new JsonObject { ["account"] = "莲花零食官方号", ["scene"] = Scenes[customer.Index % Scenes.Length] };
            case EventKind.StoreVisited:
                return new JsonObject { ["store_id"] = customer.Store, ["guide_id"] = customer.Guide };
            case EventKind.ConsentUpdated:
                return DemoConsents.Properties(planned.Detail, customer, seed, DemoBrand.Channels[planned.Channel].Key);
            case EventKind.ProductViewed:
                return Item(Catalog.Products[planned.Detail], quantity: null);
            case EventKind.CouponReceived:
                var coupon = Coupons.Held[planned.Detail]!;
                return new JsonObject
                {
                    ["coupon_id"] = coupon.Id,
                    ["coupon_name"] = coupon.Name,
                    ["discount"] = coupon.Value,
                    ["threshold"] = coupon.Threshold,
                };
        }

        var basket = Basket.Create(planned.Detail, customer.FavouriteCategory, planned.HeldCoupon);
        var cartId = string.Create(CultureInfo.InvariantCulture, $"cart-{seed}-{customer.Index}-{(uint)planned.Detail:x8}");
        switch (planned.Kind)
        {
            case EventKind.ProductAdded:
                var (product, quantity) = basket.Lines[planned.Item];
                var added = Item(product, quantity);
                added["cart_id"] = cartId;
                return added;
            case EventKind.CartViewed:
                return new JsonObject { ["cart_id"] = cartId, ["products"] = Items(basket) };
            case EventKind.CouponApplied:
                return new JsonObject
                {
                    ["order_id"] = OrderId(planned, customer),
                    ["cart_id"] = cartId,
                    ["coupon_id"] = basket.Coupon!.Id,
                    ["coupon_name"] = basket.Coupon.Name,
                    ["discount"] = basket.Discount,
                };
        }

        var order = new JsonObject
        {
            ["order_id"] = OrderId(planned, customer),
            ["affiliation"] = DemoBrand.Channels[planned.Channel].DisplayName,
            ["total"] = basket.Total,
            ["subtotal"] = basket.Subtotal,
            ["revenue"] = basket.Total,
            ["shipping"] = 0m,
            ["tax"] = 0m,
            ["discount"] = basket.Discount,
            ["currency"] = "CNY",
        };
        if (basket.Coupon is { } applied)
        {
            order["coupon"] = applied.Id;
        }

        if (planned.Channel == DemoBrand.Pos)
        {
            order["store_id"] = customer.Store;
            order["guide_id"] = customer.Guide;
        }

        if (planned.Kind == EventKind.CheckoutStarted)
        {
            order.Remove("revenue");
            order["value"] = basket.Total;
        }

        order["products"] = Items(basket);
        return order;
    }

    private static JsonArray Items(Basket basket)
    {
        var items = new JsonArray();
        foreach (var (product, quantity) in basket.Lines)
        {
            items.Add(Item(product, quantity));
        }

        return items;
    }

    private static JsonObject Item(Product product, int? quantity)
    {
        var item = new JsonObject
        {
            ["product_id"] = product.Id,
            ["sku"] = product.Sku,
            ["name"] = product.Name,
            ["category"] = product.Category,
            ["brand"] = Catalog.Brand,
            ["price"] = product.Price,
        };
        if (quantity is { } q)
        {
            item["quantity"] = q;
        }

        return item;
    }

    /// <summary>Order numbers in each channel's own style, unique per customer and order.</summary>
    private static string OrderId(PlannedEvent planned, CustomerProfile customer) => planned.Channel switch
    {
        DemoBrand.Tmall => string.Create(CultureInfo.InvariantCulture, $"TM2{customer.Index:D9}{planned.Order:D4}"),
        DemoBrand.Jd => string.Create(CultureInfo.InvariantCulture, $"JD3{customer.Index:D9}{planned.Order:D4}"),
        DemoBrand.Douyin => string.Create(CultureInfo.InvariantCulture, $"DY6{customer.Index:D9}{planned.Order:D4}"),
        DemoBrand.Pos => string.Create(CultureInfo.InvariantCulture, $"POS-{customer.Store}-{customer.Index:D8}-{planned.Order:D3}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"LH{customer.Index:D8}{planned.Order:D4}"),
    };

    private static JsonObject Traits(CustomerProfile customer, byte channel, int tier)
    {
        var marketplace = channel is DemoBrand.Tmall or DemoBrand.Jd or DemoBrand.Douyin;
        var traits = new JsonObject();
        if (!marketplace)
        {
            traits["name"] = customer.Name;
        }

        traits["phone"] = channel == DemoBrand.Pos ? customer.PosPhone : customer.Phone;
        if (customer.Email is { } email && channel is DemoBrand.Web or DemoBrand.App)
        {
            traits["email"] = email;
        }

        traits["gender"] = customer.Gender;
        traits["birthday"] = customer.Birthday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (!marketplace)
        {
            traits["city"] = customer.City.Name;
        }

        traits["tier"] = Tiers[tier];
        if (channel == DemoBrand.Pos)
        {
            traits["home_store"] = customer.Store;
            traits["guide_id"] = customer.Guide;
        }

        return traits;
    }

    private JsonObject Context(PlannedEvent planned, CustomerProfile customer)
    {
        var channel = planned.Channel;
        var context = new JsonObject { ["locale"] = "zh-CN", ["timezone"] = "Asia/Shanghai" };
        var externalType = channel switch
        {
            DemoBrand.Tmall => "taobao_ouid",
            DemoBrand.Jd => "jd_pin",
            DemoBrand.Douyin => "douyin_openid",
            DemoBrand.WechatMp or DemoBrand.WechatOa => "wechat_openid",
            _ => null,
        };
        if (externalType is not null)
        {
            var ids = new JsonArray(ExternalId(customer.ChannelId(channel, seed), externalType));
            if (channel is DemoBrand.WechatMp or DemoBrand.WechatOa)
            {
                ids.Add(ExternalId(customer.UnionId, "wechat_unionid"));
            }

            context["externalIds"] = ids;
        }

        switch (channel)
        {
            case DemoBrand.App:
                context["app"] = new JsonObject { ["name"] = "莲花零食", ["version"] = "5.2.0" };
                context["device"] = new JsonObject
                {
                    ["id"] = customer.ChannelId(channel, seed),
                    ["advertisingId"] = customer.IsIos || customer.ZeroAdvertisingId ? customer.AdvertisingId(seed) : customer.AdvertisingId(seed).ToLowerInvariant(),
                    ["type"] = customer.IsIos || customer.ZeroAdvertisingId ? "ios" : "android",
                };
                break;
            case DemoBrand.Web:
                var (name, path) = Pages[planned.Kind == EventKind.Page ? planned.Detail : 0];
                context["page"] = new JsonObject { ["path"] = path, ["title"] = name, ["url"] = "https://www.lotus-snacks.cn" + path };
                break;
        }

        if (planned.Campaign > 0)
        {
            var campaign = Campaigns.All[planned.Campaign - 1];
            context["campaign"] = new JsonObject { ["source"] = campaign.Source, ["medium"] = campaign.Medium, ["name"] = campaign.Name };
        }

        return context;
    }

    private static JsonObject ExternalId(string id, string type) =>
        new() { ["id"] = id, ["type"] = type, ["collection"] = "users", ["encoding"] = "none" };
}

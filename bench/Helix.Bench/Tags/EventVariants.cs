using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Bench.Tags;

/// <summary>
/// One event's shape and properties, shared by every event that uses it: a product view, an order of a
/// given basket, a coupon, a page. The JSON (what Helix folds) and the typed columns (what the SQL
/// baseline reads) are made from the same values, so both sides see the same event.
/// </summary>
internal sealed record EventVariant(MessageType Type, string Event, string Source, JsonElement Properties)
{
    public decimal? Total { get; init; }
    public decimal? Discount { get; init; }
    public string? Affiliation { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    public string? Category { get; init; }
    public string? Name { get; init; }
    public string? CouponId { get; init; }
    public string? Path { get; init; }
}

/// <summary>A campaign an event may come from (<c>context.campaign</c>); <see cref="Context"/> is null for none.</summary>
internal sealed record CampaignVariant(string? Source, string? Name, JsonElement? Context);

/// <summary>
/// The pools events draw their variants from, per kind, seeded. Names are those the demo profile
/// definitions read (event names, <c>products[].category</c>, <c>affiliation</c>, <c>coupon_id</c>, the
/// freeze-dried durian, page paths), so every computed trait and tag has something to count.
/// </summary>
internal sealed class EventVariants
{
    public const string Durian = "冻干榴莲 60g";

    private static readonly (string Category, string[] Products, decimal Price)[] Lines =
    [
        ("坚果炒货", ["每日坚果 750g", "碧根果 210g", "夏威夷果 265g", "开心果 225g"], 39.9m),
        ("肉脯肉干", ["靖江猪肉脯 200g", "风干牛肉干 250g", "麻辣鸭脖 280g"], 32.9m),
        ("饼干糕点", ["手撕面包 1kg", "蛋黄酥 6枚", "凤梨酥 320g"], 24.9m),
        ("果干蜜饯", ["芒果干 200g", "九制话梅 150g", Durian], 19.9m),
        ("膨化食品", ["薯片 原味 104g", "虾条 200g", "辣条 260g"], 9.9m),
        ("糖果巧克力", ["花生牛轧糖 500g", "70%黑巧克力 100g"], 29.9m),
        ("饮品冲调", ["冻干燕麦片 450g", "挂耳咖啡 10袋"], 45.9m),
        ("礼盒", ["年货礼盒 2.1kg", "中秋坚果礼盒"], 168m),
    ];

    private static readonly (string Name, int Weight)[] Channels =
    [
        ("Tmall flagship store", 30), ("JD self-operated store", 20), ("Douyin shop", 15), ("WeChat mini program", 12),
        ("Brand app", 8), ("Brand website", 5), ("Offline stores (POS)", 10),
    ];

    private static readonly string[] Coupons = ["BDAY15", "NEW10", "FULL199", "VIP20"];

    private static readonly decimal[] CouponValues = [5m, 10m, 15m, 20m, 30m, 50m];

    private static readonly (string? Source, string? Name)[] CampaignList =
    [
        (null, null), ("douyin", "双11直播间"), ("douyin", "冻干榴莲上新"), ("douyin", "年货节信息流"), ("xiaohongshu", "达人种草 秋冬零食"),
        ("xiaohongshu", "达人种草 礼盒"), ("wechat", "会员日推送"), ("baidu", "品牌专区"), ("weibo", "中秋话题"),
    ];

    private readonly Dictionary<EventKind, (int First, int Count)> _ranges = [];
    private readonly List<EventVariant> _all = [];

    public EventVariants(Random random)
    {
        var products = Lines.SelectMany(l => l.Products.Select(p => (Name: p, l.Category, l.Price))).Select((p, i) => (Id: i, p.Name, p.Category, p.Price)).ToArray();
        Add(EventKind.ProductViewed, products.Select(p => ProductEvent("Product Viewed", p)));
        Add(EventKind.ProductAdded, products.Select(p => ProductEvent("Product Added", p)));
        Add(EventKind.OrderCompleted, Enumerable.Range(0, 4096).Select(i => Order(random, i)));
        Add(EventKind.OrderRefunded, Enumerable.Range(0, 256).Select(i => Refund(random, i)));
        Add(EventKind.CouponReceived, Coupons.Select(c => Coupon("Coupon Received", c)));
        Add(EventKind.CouponApplied, Coupons.Select(c => Coupon("Coupon Applied", c)));
        Add(EventKind.StoreVisited, Enumerable.Range(0, 120).Select(s => Track("Store Visited", "pos", new { store_id = $"S{s:000}" })));
        Add(EventKind.Followed, [Track("Followed", "wechat_oa", new { account = "莲花零食官方号" })]);
        Add(EventKind.WebPage, Enumerable.Range(0, 20).Select(p => new EventVariant(
            MessageType.Page, $"Page {p}", "web", Json(new { path = $"/p/{p}", title = $"页面 {p}" })) { Path = $"/p/{p}" }));
        Add(EventKind.Article, Enumerable.Range(0, 30).Select(a => new EventVariant(MessageType.Page, $"文章 {a}", "wechat_oa", Json(new { title = $"文章 {a}" }))));
        Add(EventKind.Screen, Enumerable.Range(0, 20).Select(s => new EventVariant(MessageType.Screen, $"Screen {s}", "app", Json(new { tab = s % 4 }))));
        Variants = _all;
        Campaigns = [.. CampaignList.Select(c => new CampaignVariant(c.Source, c.Name,
            c.Source is null ? null : Json(new { campaign = new { source = c.Source, medium = "social", name = c.Name } })))];
    }

    public IReadOnlyList<EventVariant> Variants { get; }

    /// <summary>Index 0 is no campaign.</summary>
    public IReadOnlyList<CampaignVariant> Campaigns { get; }

    /// <summary>A variant of <paramref name="kind"/>, uniformly.</summary>
    public short Pick(EventKind kind, Random random)
    {
        var (first, count) = _ranges[kind];
        return (short)(first + random.Next(count));
    }

    private void Add(EventKind kind, IEnumerable<EventVariant> variants)
    {
        var first = _all.Count;
        _all.AddRange(variants);
        _ranges[kind] = (first, _all.Count - first);
    }

    private static EventVariant ProductEvent(string name, (int Id, string Name, string Category, decimal Price) product) =>
        Track(name, "app", new { product_id = $"SKU-{product.Id:000}", name = product.Name, category = product.Category, price = product.Price })
            with { Category = product.Category, Name = product.Name };

    /// <summary>A basket of one to four lines, an optional coupon discount, a shop.</summary>
    private static EventVariant Order(Random random, int i)
    {
        var lines = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Lines[random.Next(Lines.Length)]).ToArray();
        var gross = lines.Sum(l => l.Price * (1 + random.Next(2)));
        decimal? discount = random.Next(10) < 4 ? Math.Round(Math.Min(gross / 2, CouponValues[random.Next(CouponValues.Length)]), 2) : null;
        var coupon = discount is null ? null : Coupons[random.Next(Coupons.Length)];
        var total = Math.Round(gross - (discount ?? 0), 2);
        var affiliation = Weighted(Channels, random);
        var products = lines.Select(l => new { category = l.Category, price = l.Price }).ToArray();
        var properties = discount is { } d
            ? Json(new { order_id = $"O{i:00000}", total, discount = d, coupon_id = coupon, affiliation, products })
            : Json(new { order_id = $"O{i:00000}", total, affiliation, products });
        return new EventVariant(MessageType.Track, "Order Completed", "shop", properties)
        {
            Total = total, Discount = discount, Affiliation = affiliation, Categories = [.. lines.Select(l => l.Category)], CouponId = coupon,
        };
    }

    private static EventVariant Refund(Random random, int i)
    {
        var total = Math.Round(9.9m + random.Next(20_000) / 100m, 2);
        return Track("Order Refunded", "shop", new { order_id = $"R{i:000}", total }) with { Total = total };
    }

    private static EventVariant Coupon(string name, string coupon) => Track(name, "crm", new { coupon_id = coupon }) with { CouponId = coupon };

    private static EventVariant Track(string name, string source, object properties) => new(MessageType.Track, name, source, Json(properties));

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    public static T Weighted<T>((T Value, int Weight)[] choices, Random random)
    {
        var n = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((n -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }
}

using System.Globalization;

namespace Helix.DemoData;

/// <summary>The demo brand's products: a Chinese snack brand, 莲花零食 (Lotus Snacks), 60 products in 8 categories.</summary>
internal static class Catalog
{
    public const string Brand = "莲花零食";

    private static readonly (string Category, (string Name, decimal Price)[] Items)[] Lines =
    [
        ("坚果炒货", [("每日坚果 750g", 89.9m), ("碧根果 210g", 29.9m), ("夏威夷果 265g", 32.9m), ("开心果 225g", 35.9m), ("巴旦木 200g", 25.9m), ("腰果 185g", 29.9m), ("山核桃仁 120g", 39.9m), ("混合果仁 500g", 59.9m)]),
        ("肉脯肉干", [("靖江猪肉脯 200g", 32.9m), ("风干牛肉干 250g", 59.9m), ("麻辣鸭脖 280g", 26.9m), ("卤鸭翅 200g", 24.9m), ("泡椒凤爪 300g", 22.9m), ("牛肉粒 180g", 45.9m), ("鱿鱼丝 150g", 19.9m), ("小鱼仔 200g", 15.9m)]),
        ("饼干糕点", [("手撕面包 1kg", 29.9m), ("蛋黄酥 6枚", 32.9m), ("凤梨酥 320g", 36.9m), ("苏打饼干 400g", 16.9m), ("鸡蛋卷 300g", 19.9m), ("绿豆糕 300g", 18.9m), ("沙琪玛 500g", 17.9m), ("桃酥 400g", 15.9m)]),
        ("果干蜜饯", [("芒果干 200g", 19.9m), ("草莓干 100g", 16.9m), ("九制话梅 150g", 12.9m), ("新疆葡萄干 250g", 14.9m), ("黄桃干 120g", 15.9m), ("蔓越莓干 150g", 18.9m), ("冻干榴莲 60g", 39.9m)]),
        ("膨化食品", [("薯片 原味 104g", 9.9m), ("虾条 200g", 12.9m), ("糯米锅巴 300g", 13.9m), ("焦糖爆米花 180g", 11.9m), ("海苔卷 40g", 14.9m), ("玉米脆 150g", 9.9m), ("辣条 260g", 8.9m)]),
        ("糖果巧克力", [("花生牛轧糖 500g", 34.9m), ("70%黑巧克力 100g", 29.9m), ("水果软糖 200g", 14.9m), ("棒棒糖 20支", 19.9m), ("酒心巧克力 150g", 39.9m), ("奶糖 400g", 24.9m), ("芝麻糖 300g", 16.9m)]),
        ("饮品冲调", [("冻干燕麦片 450g", 39.9m), ("原味奶茶 10杯", 45.9m), ("冻干柠檬茶 12袋", 29.9m), ("坚果藕粉 350g", 32.9m), ("黑芝麻糊 600g", 26.9m), ("红枣枸杞茶 200g", 22.9m), ("挂耳咖啡 10袋", 49.9m)]),
        ("礼盒", [("年货礼盒 2.1kg", 168m), ("中秋坚果礼盒", 198m), ("每日坚果礼盒 30袋", 129m), ("零食大礼包 1.5kg", 99m), ("儿童零食礼包", 79m), ("企业福利礼盒", 258m), ("新春肉脯礼盒", 148m), ("端午粽子礼盒", 118m)]),
    ];

    public static readonly Product[] Products = Build();

    public static int Categories => Lines.Length;

    /// <summary>The index of the first product of a category and how many it has.</summary>
    public static (int First, int Count) Range(int category)
    {
        var first = 0;
        for (var c = 0; c < category; c++)
        {
            first += Lines[c].Items.Length;
        }

        return (first, Lines[category].Items.Length);
    }

    private static Product[] Build()
    {
        var products = new List<Product>();
        for (var c = 0; c < Lines.Length; c++)
        {
            foreach (var (name, price) in Lines[c].Items)
            {
                var n = products.Count + 1;
                products.Add(new Product(
                    products.Count,
                    string.Create(CultureInfo.InvariantCulture, $"LH{c + 1}{n:000}"),
                    string.Create(CultureInfo.InvariantCulture, $"LH{c + 1}{n:000}-01"),
                    name,
                    Lines[c].Category,
                    price));
            }
        }

        return [.. products];
    }
}

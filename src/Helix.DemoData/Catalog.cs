namespace Helix.DemoData;

/// <summary>The demo brand's products: a Chinese snack brand, 莲花零食 (Lotus Snacks).</summary>
internal static class Catalog
{
    public sealed record Product(string Id, string Name, string Category, decimal Price);

    private static readonly (string Category, string[] Names, decimal BasePrice)[] Lines =
    [
        ("坚果炒货", ["每日坚果", "碧根果", "夏威夷果", "开心果", "巴旦木", "腰果"], 39.9m),
        ("肉脯肉干", ["猪肉脯", "牛肉干", "鸭脖", "鸡爪", "卤鸭翅"], 29.9m),
        ("饼干糕点", ["手撕面包", "蛋黄酥", "凤梨酥", "苏打饼干", "蛋卷"], 19.9m),
        ("果干蜜饯", ["芒果干", "草莓干", "话梅", "葡萄干", "黄桃干"], 16.9m),
        ("膨化食品", ["薯片", "虾条", "锅巴", "爆米花", "海苔卷"], 9.9m),
        ("糖果巧克力", ["牛轧糖", "黑巧克力", "软糖", "棒棒糖"], 24.9m),
        ("饮品冲调", ["燕麦片", "奶茶", "柠檬茶", "坚果粉"], 34.9m),
        ("礼盒", ["年货礼盒", "中秋礼盒", "坚果礼盒", "零食大礼包"], 128m),
    ];

    public static readonly Product[] Products = Build();

    private static Product[] Build()
    {
        var products = new List<Product>();
        foreach (var (category, names, basePrice) in Lines)
        {
            for (var i = 0; i < names.Length; i++)
            {
                products.Add(new Product($"SKU-{products.Count + 1:000}", names[i], category, basePrice + i * 5m));
            }
        }

        return [.. products];
    }
}

namespace Helix.DemoData;

/// <summary>
/// Where members live: real cities weighted roughly like a national consumer brand's member base
/// (the tier-1 and "new tier-1" cities dominate, a long tail of others), and the brand's stores,
/// which are only in the larger cities.
/// </summary>
internal static class Cities
{
    public static readonly City[] All =
    [
        new("上海", "SH", 9), new("北京", "BJ", 8), new("广州", "GZ", 6), new("深圳", "SZ", 6), new("杭州", "HZ", 5),
        new("成都", "CD", 5), new("重庆", "CQ", 4), new("武汉", "WH", 4), new("南京", "NJ", 3), new("西安", "XA", 3),
        new("苏州", "SU", 3), new("长沙", "CS", 3), new("天津", "TJ", 2), new("郑州", "ZZ", 2), new("东莞", "DG", 1),
        new("青岛", "QD", 1), new("沈阳", "SY", 1), new("宁波", "NB", 1), new("昆明", "KM", 1), new("合肥", "HF", 1),
        new("佛山", "FS", 0), new("无锡", "WX", 0), new("厦门", "XM", 0), new("福州", "FZ", 0), new("济南", "JN", 0),
        new("大连", "DL", 0), new("哈尔滨", "HB", 0), new("南宁", "NN", 0), new("贵阳", "GY", 0), new("南昌", "NC", 0),
        new("石家庄", "SJ", 0), new("温州", "WZ", 0), new("泉州", "QZ", 0), new("太原", "TY", 0), new("兰州", "LZ", 0),
    ];

    private static readonly WeightedChoice<City> Members = new(
    [
        (All[0], 110), (All[1], 100), (All[2], 80), (All[3], 80), (All[4], 65), (All[5], 65), (All[6], 55), (All[7], 50),
        (All[8], 40), (All[9], 38), (All[10], 36), (All[11], 32), (All[12], 30), (All[13], 28), (All[14], 22), (All[15], 20),
        (All[16], 18), (All[17], 18), (All[18], 16), (All[19], 16), (All[20], 16), (All[21], 15), (All[22], 14), (All[23], 13),
        (All[24], 13), (All[25], 12), (All[26], 12), (All[27], 10), (All[28], 10), (All[29], 10), (All[30], 10), (All[31], 9),
        (All[32], 9), (All[33], 8), (All[34], 7),
    ]);

    private static readonly WeightedChoice<City> StoreCities = new([.. All.Where(c => c.Stores > 0).Select(c => (c, c.Stores))]);

    public static City Next(Random random) => Members.Next(random);

    /// <summary>A city with stores, weighted by how many: in-store shoppers live near one.</summary>
    public static City NextWithStores(Random random) => StoreCities.Next(random);
}

namespace Helix.DemoData;

/// <summary>Names, cities and stores that make demo customers look like a Chinese brand's members.</summary>
internal static class People
{
    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
    public static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "小雨", "子涵", "欣怡", "浩然", "梓萱"];

    /// <summary>Cities weighted roughly by a consumer brand's member base.</summary>
    public static readonly (string City, int Weight)[] Cities =
    [
        ("上海", 14), ("北京", 12), ("杭州", 10), ("广州", 9), ("深圳", 9), ("成都", 8), ("南京", 6), ("武汉", 6),
        ("重庆", 5), ("西安", 5), ("苏州", 5), ("长沙", 4), ("天津", 3), ("郑州", 2), ("青岛", 2),
    ];

    public static readonly string[] Tiers = ["普通", "银卡", "金卡", "黑金"];

    public static string City(Random random)
    {
        var total = Cities.Sum(c => c.Weight);
        var pick = random.Next(total);
        foreach (var (city, weight) in Cities)
        {
            if ((pick -= weight) < 0)
            {
                return city;
            }
        }

        return Cities[0].City;
    }
}

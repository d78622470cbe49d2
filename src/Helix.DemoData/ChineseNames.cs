namespace Helix.DemoData;

/// <summary>
/// Chinese personal names: surnames weighted by their approximate share of the population (王, 李 and
/// 张 alone cover about a fifth), given names of one or two characters, drawn by gender.
/// </summary>
internal static class ChineseNames
{
    private static readonly WeightedChoice<string> Surnames = new(
    [
        ("王", 72), ("李", 71), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 32), ("黄", 24), ("赵", 20), ("吴", 20), ("周", 19),
        ("徐", 14), ("孙", 13), ("马", 12), ("朱", 11), ("胡", 11), ("郭", 11), ("何", 10), ("林", 10), ("罗", 9), ("高", 9),
        ("郑", 8), ("梁", 8), ("谢", 7), ("宋", 6), ("唐", 6), ("许", 6), ("韩", 6), ("邓", 5), ("冯", 5), ("曹", 5),
        ("彭", 5), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("潘", 4), ("袁", 4), ("蔡", 4), ("蒋", 4), ("余", 4),
        ("于", 4), ("杜", 4), ("叶", 4), ("程", 4), ("魏", 3), ("苏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3),
        ("姚", 3), ("卢", 3), ("傅", 3), ("钟", 3), ("姜", 3), ("崔", 3), ("谭", 3), ("陆", 3), ("范", 2), ("欧阳", 1),
    ]);

    private static readonly string[] Female =
    [
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "雪", "琳", "颖", "倩", "洁", "晶", "悦",
        "秀英", "桂英", "小雨", "子涵", "欣怡", "梓萱", "诗涵", "雨桐", "可馨", "思琪", "佳怡", "晓燕", "丽娟", "雅婷", "嘉欣", "一诺",
    ];

    private static readonly string[] Male =
    [
        "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "斌", "鹏", "辉", "刚", "浩", "宇",
        "建华", "志强", "浩然", "子轩", "宇轩", "俊杰", "博文", "天佑", "明轩", "一鸣", "家豪", "文博", "思远", "晨阳", "振华", "国栋",
    ];

    public static string Next(Random random, bool female)
    {
        var given = female ? Female : Male;
        return Surnames.Next(random) + given[random.Next(given.Length)];
    }
}

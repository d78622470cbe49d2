namespace Helix.DemoData;

/// <summary>
/// The campaigns that bring sessions, by season (618 in June, 双11 from late October, 中秋 gift boxes
/// in September) and always-on ones, so that attribution has something to find.
/// </summary>
internal static class Campaigns
{
    public static readonly Campaign[] All =
    [
        new("tmall", "cpc", "618年中大促", [5, 6]),
        new("douyin", "live", "618直播专场", [6]),
        new("tmall", "cpc", "双11预售", [10, 11]),
        new("douyin", "live", "双11直播狂欢", [10, 11]),
        new("wechat", "social", "中秋礼盒季", [8, 9]),
        new("xiaohongshu", "kol", "秋冬囤货种草", [9, 10, 11]),
        new("wechat", "social", "会员日", []),
        new("douyin", "cpm", "新品试吃", []),
        new("baidu", "cpc", "品牌词", []),
        new("sms", "sms", "沉睡会员唤醒", []),
    ];

    /// <returns>1 + the index of a campaign running in that month, or 0 when the draw finds none.</returns>
    public static byte Pick(Random random, int month)
    {
        var candidate = random.Next(All.Length);
        for (var i = 0; i < All.Length; i++)
        {
            var campaign = All[(candidate + i) % All.Length];
            if (campaign.Months.Length == 0 || campaign.Months.Contains(month))
            {
                return (byte)((candidate + i) % All.Length + 1);
            }
        }

        return 0;
    }
}

using System.Globalization;

namespace Helix.DemoData;

/// <summary>A demo customer: who they are, which channels they use, and the ids each channel knows them by.</summary>
internal sealed record Customer(
    int Index,
    string MemberId,
    string Name,
    string Gender,
    DateOnly Birthday,
    string City,
    string Phone,
    string? Email,
    string Tier,
    string Store,
    string[] Channels,
    double Propensity,
    int FavouriteCategory,
    bool JoinsMarketplaceMembership)
{
    /// <summary>A store's front-desk phone that staff type in for walk-ins: shared by many "customers".</summary>
    public const string SharedStorePhone = "+8613800000000";

    public static Customer Create(int index, Random random)
    {
        var channels = DemoBrand.Channels.Select(c => c.Key).Where(_ => random.NextDouble() < 0.3).ToList();
        if (channels.Count == 0)
        {
            channels.Add(DemoBrand.Channels[random.Next(DemoBrand.Channels.Count)].Key);
        }

        // A heavy tail of loyal buyers, most customers buy rarely: what RFM needs to be interesting.
        var propensity = random.NextDouble() < 0.15 ? 0.5 + random.NextDouble() * 0.4 : random.NextDouble() * 0.25;
        if (index == 0)
        {
            // M00000001 is the tour's showcase: a loyal member seen on a marketplace, WeChat, the app and in a store.
            channels = ["tmall", "wechat_mp", "app", "pos"];
            propensity = 0.9;
        }

        var surname = People.Surnames[random.Next(People.Surnames.Length)];
        var phone = index % 500 == 7
            ? SharedStorePhone
            : string.Create(CultureInfo.InvariantCulture, $"+861{"3578"[random.Next(4)]}{random.Next(0, 1_000_000_000):D9}");
        return new Customer(
            index,
            string.Create(CultureInfo.InvariantCulture, $"M{index + 1:D8}"),
            surname + People.GivenNames[random.Next(People.GivenNames.Length)],
            random.NextDouble() < 0.62 ? "female" : "male",
            new DateOnly(1965 + random.Next(42), 1 + random.Next(12), 1 + random.Next(28)),
            People.City(random),
            phone,
            random.NextDouble() < 0.35 ? string.Create(CultureInfo.InvariantCulture, $"member{index + 1}@example.cn") : null,
            People.Tiers[Math.Min(3, (int)(propensity * 5 + random.NextDouble()))],
            string.Create(CultureInfo.InvariantCulture, $"store-{1 + random.Next(60):000}"),
            [.. channels],
            propensity,
            random.Next(8),
            index == 0 || random.NextDouble() < 0.5);
    }

    /// <summary>The id a channel knows this customer by before (or without) a login.</summary>
    public string ChannelId(string channel) => channel switch
    {
        "web" => $"ck-{Index:x6}-{Index * 7919 % 100_000:x5}",
        "app" => Index % 100 == 3 ? "00000000-0000-0000-0000-000000000000" : $"dev-{Index:x8}",
        "wechat_mp" => $"oMP{Index:x10}",
        "wechat_oa" => $"oOA{Index:x10}",
        "tmall" => $"tb_{Index * 104_729 % 10_000_019:x8}",
        "jd" => $"jd_{Index * 130_363 % 10_000_079:x8}",
        "douyin" => $"dy_{Index * 15_485_863 % 100_000_007:x8}",
        _ => MemberId,
    };

    public string UnionId => $"oUN{Index:x10}";
}

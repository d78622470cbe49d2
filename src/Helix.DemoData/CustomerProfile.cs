using System.Globalization;

namespace Helix.DemoData;

/// <summary>A demo customer: who they are, which channels they use, and the ids each channel knows them by.</summary>
/// <param name="Channels">Indexes into <see cref="DemoBrand.Channels"/>, the one used most first.</param>
/// <param name="PosPhone">The phone the store's till records: the member's own, or the store's front-desk phone.</param>
/// <param name="Store">Home store for members who shop in stores, e.g. SH03; null otherwise.</param>
/// <param name="JoinsMarketplaceMembership">Joins the brand's membership (入会) inside Tmall/JD/Douyin, which shares the phone.</param>
internal sealed record CustomerProfile(
    int Index,
    string MemberId,
    string Name,
    bool Female,
    DateOnly Birthday,
    City City,
    string Phone,
    string PosPhone,
    string? Email,
    string? Store,
    string? Guide,
    byte[] Channels,
    int FavouriteCategory,
    bool JoinsMarketplaceMembership,
    bool IsIos,
    bool ZeroAdvertisingId)
{
    /// <summary>A store's front-desk phone that cashiers type in for walk-ins who will not give theirs: shared by many "customers".</summary>
    public const string SharedStorePhone = "+8613800000000";

    /// <summary>What iOS reports as the IDFA when the user limits ad tracking: the same for millions of devices.</summary>
    public const string ZeroIdfa = "00000000-0000-0000-0000-000000000000";

    /// <summary>The tour's showcase (M00000001): the README looks this phone up; the union id follows from the index.</summary>
    private const string ShowcasePhone = "+8617961567128";

    // Mobile number prefixes of China Mobile, Unicom and Telecom in use.
    private static readonly int[] MobilePrefixes = [130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159, 166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 185, 186, 187, 188, 189, 191, 198, 199];

    private static readonly WeightedChoice<int> ChannelPopularity = new(
    [
        (DemoBrand.Tmall, 30), (DemoBrand.Jd, 14), (DemoBrand.Douyin, 20), (DemoBrand.WechatMp, 24),
        (DemoBrand.WechatOa, 14), (DemoBrand.App, 9), (DemoBrand.Web, 7), (DemoBrand.Pos, 18),
    ]);

    private static readonly WeightedChoice<int> ChannelCount = new([(1, 46), (2, 30), (3, 16), (4, 8)]);

    /// <param name="year">The year the demo ends, which ages are counted from.</param>
    public static CustomerProfile Create(int index, int seed, int year)
    {
        var random = new Random(Seeds.For(seed, index, Seeds.Profile));
        var channels = PickChannels(random);
        if (index == 0)
        {
            // The showcase: a loyal member seen on a marketplace, WeChat, the app and in a store.
            channels = [DemoBrand.Tmall, DemoBrand.WechatMp, DemoBrand.App, DemoBrand.Pos];
        }

        var female = random.NextDouble() < 0.64;
        var shopsInStore = channels.Contains((byte)DemoBrand.Pos);
        var city = shopsInStore ? Cities.NextWithStores(random) : Cities.Next(random);
        var phone = index == 0 ? ShowcasePhone : NextPhone(random);
        string? store = null, guide = null;
        if (shopsInStore)
        {
            var storeNumber = 1 + random.Next(city.Stores);
            store = string.Create(CultureInfo.InvariantCulture, $"{city.Code}{storeNumber:00}");
            guide = string.Create(CultureInfo.InvariantCulture, $"{store}-G{1 + random.Next(6)}");
        }

        return new CustomerProfile(
            index,
            string.Create(CultureInfo.InvariantCulture, $"M{index + 1:D8}"),
            ChineseNames.Next(random, female),
            female,
            NextBirthday(random, year),
            city,
            phone,
            index != 0 && random.NextDouble() < 0.02 ? SharedStorePhone : phone,
            NextEmail(random),
            store,
            guide,
            channels,
            random.Next(Catalog.Categories),
            index == 0 || random.NextDouble() < 0.45,
            random.NextDouble() < 0.45,
            index != 0 && random.NextDouble() < 0.05);
    }

    public string Gender => Female ? "female" : "male";

    /// <summary>The id a channel knows this customer by before (or without) a login.</summary>
    public string ChannelId(int channel, int seed) => channel switch
    {
        DemoBrand.Web => Seeds.Uuid(seed, Index, DemoBrand.Web).ToLowerInvariant(),
        DemoBrand.App => Seeds.Uuid(seed, Index, DemoBrand.App),
        DemoBrand.WechatMp => string.Create(CultureInfo.InvariantCulture, $"oMP{Index:x10}"),
        DemoBrand.WechatOa => string.Create(CultureInfo.InvariantCulture, $"oOA{Index:x10}"),
        DemoBrand.Tmall => string.Create(CultureInfo.InvariantCulture, $"AAH{(uint)(Index * 104_729 + seed):x8}TB"),
        DemoBrand.Jd => string.Create(CultureInfo.InvariantCulture, $"jd_{(uint)(Index * 130_363 + seed):x8}"),
        DemoBrand.Douyin => string.Create(CultureInfo.InvariantCulture, $"_000{(uint)(Index * 15_485_863 + seed):x8}DY"),
        _ => MemberId,
    };

    /// <summary>WeChat's id of the person across the brand's official account and mini program.</summary>
    public string UnionId => string.Create(CultureInfo.InvariantCulture, $"oUN{Index:x10}");

    /// <summary>IDFA on iOS, OAID on Android; limited ad tracking gives the all-zero IDFA.</summary>
    public string AdvertisingId(int seed) => ZeroAdvertisingId ? ZeroIdfa : Seeds.Uuid(seed, Index, 50);

    private static byte[] PickChannels(Random random)
    {
        var count = ChannelCount.Next(random);
        var channels = new List<byte>(count);
        while (channels.Count < count)
        {
            var channel = (byte)ChannelPopularity.Next(random);
            if (!channels.Contains(channel))
            {
                channels.Add(channel);
            }
        }

        return [.. channels];
    }

    private static string NextPhone(Random random) =>
        string.Create(CultureInfo.InvariantCulture, $"+86{MobilePrefixes[random.Next(MobilePrefixes.Length)]}{random.Next(100_000_000):D8}");

    /// <summary>Snack buyers skew young: ages 18 to 60, most between 22 and 38.</summary>
    private static DateOnly NextBirthday(Random random, int year)
    {
        var age = 18 + (int)Math.Min(42, Math.Abs(random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.2) * 14);
        return new DateOnly(year - age, 1 + random.Next(12), 1 + random.Next(28));
    }

    /// <summary>About a third leave an email; QQ mail with its numeric ids is the most common in China.</summary>
    private static string? NextEmail(Random random)
    {
        if (random.NextDouble() >= 0.32)
        {
            return null;
        }

        var domain = random.Next(10) switch { < 5 => "qq.com", < 8 => "163.com", 8 => "126.com", _ => "foxmail.com" };
        return domain == "qq.com"
            ? string.Create(CultureInfo.InvariantCulture, $"{random.Next(10_000_000, 2_000_000_000)}@qq.com")
            : string.Create(CultureInfo.InvariantCulture, $"lotus{random.Next(1_000, 99_999_999)}@{domain}");
    }
}

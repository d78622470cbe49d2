namespace Helix.DemoData;

/// <summary>
/// The brand's coupons. Members receive them in WeChat, the app or a Douyin live room and redeem them
/// on a later order; the store-wide 满减 applies without a coupon in hand.
/// </summary>
internal static class Coupons
{
    /// <summary>Index 0 is "none", so a held coupon fits in a byte with 0 meaning nothing held.</summary>
    public static readonly Coupon?[] Held =
    [
        null,
        new("NEW10", "新人无门槛券 10元", 10m, 0m),
        new("MJ99-20", "满99减20", 20m, 99m),
        new("MJ199-50", "满199减50", 50m, 199m),
        new("BDAY15", "会员生日券 15元", 15m, 59m),
    ];

    public static readonly Coupon StoreWide = new("MJ129-10", "全场满129减10", 10m, 129m);
}

namespace Helix.Server.Guide;

/// <summary>
/// What the store guide's member card shows beyond the fixed fields (masked name, phone, e-mail and
/// address; gender; age, birthday and zodiac). The defaults fit the demo brand: the identify traits
/// <c>helix demo</c> sends and the categories and computed traits of its profile definitions. A name
/// that a workspace does not have is left out of the card, never an error.
/// </summary>
public sealed record GuideOptions
{
    /// <summary>The most purchases a card lists (<c>?purchases=</c>).</summary>
    public const int MaxPurchases = 20;

    public static GuideOptions Default { get; } = new();

    /// <summary>The trait holding the member tier (会员等级), shown as written: 金卡.</summary>
    public string TierTrait { get; init; } = "tier";

    /// <summary>A value tag whose value is the tier, used when the person has no <see cref="TierTrait"/> (a tier computed from spend); null for none.</summary>
    public string? TierTag { get; init; }

    /// <summary>The trait holding the points balance (积分), shown as written.</summary>
    public string PointsTrait { get; init; } = "points";

    /// <summary>The traits that may hold the member's bound store; the first the person has is shown.</summary>
    public IReadOnlyList<string> StoreTraits { get; init; } = ["home_store", "store_id"];

    /// <summary>The traits that may hold the member's bound guide (专属导购); the first the person has is shown.</summary>
    public IReadOnlyList<string> GuideTraits { get; init; } = ["guide_id"];

    /// <summary>
    /// The tag categories shown, in this order, each with the tags the person holds: loyalty (会员忠诚度),
    /// purchasing power (value, 购买力), product preferences, channel and time habits (消费习惯), promotion
    /// sensitivity and lifecycle.
    /// </summary>
    public IReadOnlyList<string> TagCategories { get; init; } = ["loyalty", "value", "product", "channel", "time_habits", "promotion", "lifecycle", "models"];

    /// <summary>The computed traits shown, in this order, where the person has a value.</summary>
    public IReadOnlyList<string> ComputedTraits { get; init; } = ["spend_total", "orders_total", "last_order_at", "favourite_category", "preferred_channel"];

    /// <summary>The track event that is a purchase.</summary>
    public string OrderEvent { get; init; } = "Order Completed";

    /// <summary>How many purchases a card lists without <c>?purchases=</c>.</summary>
    public int DefaultPurchases { get; init; } = 5;
}

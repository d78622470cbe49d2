namespace Helix.Bench.Tags;

/// <summary>What a generated event is; identify calls are generated per person, not drawn.</summary>
internal enum EventKind
{
    ProductViewed,
    ProductAdded,
    OrderCompleted,
    OrderRefunded,
    CouponReceived,
    CouponApplied,
    StoreVisited,
    Followed,
    WebPage,
    Article,
    Screen,
}

namespace Helix.DemoData;

/// <summary>What a planned entry becomes: a Segment call, and for track calls the e-commerce spec's event.</summary>
internal enum EventKind : byte
{
    Identify,
    Page,
    Screen,
    Followed,
    ProductViewed,
    ProductAdded,
    CartViewed,
    CheckoutStarted,
    CouponReceived,
    CouponApplied,
    OrderCompleted,
    OrderRefunded,
    StoreVisited,
    ConsentUpdated,
}

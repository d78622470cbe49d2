namespace Helix.Core.Commerce;

/// <summary>The event names of Segment's e-commerce spec that Helix's models and computed traits read.</summary>
public static class CommerceEvents
{
    public const string OrderCompleted = "Order Completed";
    public const string OrderRefunded = "Order Refunded";
}

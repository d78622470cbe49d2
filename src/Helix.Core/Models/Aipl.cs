namespace Helix.Core.Models;

/// <summary>Alibaba's AIPL funnel stage: aware of the brand, interested, purchased, loyal.</summary>
public enum AiplStage
{
    Awareness,
    Interest,
    Purchase,
    Loyalty,
}

/// <summary>How a person engaged with the brand within the AIPL window.</summary>
/// <param name="Events">All events, of any kind.</param>
/// <param name="InterestEvents">Events that show interest (<see cref="AiplOptions.InterestEvents"/>).</param>
/// <param name="Orders">Orders.</param>
public sealed record Engagement(long Events, long InterestEvents, long Orders);

/// <param name="InterestEvents">Track events that move a person from aware to interested (views, carts, follows…).</param>
/// <param name="LoyalOrders">Orders within the window that make a buyer loyal (a repeat purchase by default).</param>
/// <param name="WindowDays">Only engagement this many days back counts: someone silent for longer has no stage.</param>
public sealed record AiplOptions(IReadOnlyList<string> InterestEvents, int LoyalOrders = 2, int WindowDays = 365)
{
    public static IReadOnlyList<string> DefaultInterestEvents { get; } =
    [
        "Product Viewed", "Product Added", "Product Added to Wishlist", "Cart Viewed", "Checkout Started",
        "Followed", "Coupon Received", "Store Visited",
    ];

    public static AiplOptions Default { get; } = new(DefaultInterestEvents);
}

public static class Aipl
{
    /// <summary>The highest stage the engagement reaches, or null for someone with no event in the window.</summary>
    public static AiplStage? Stage(Engagement engagement, AiplOptions options)
    {
        ArgumentNullException.ThrowIfNull(engagement);
        ArgumentNullException.ThrowIfNull(options);
        return engagement switch
        {
            { Orders: var orders } when orders >= options.LoyalOrders => AiplStage.Loyalty,
            { Orders: > 0 } => AiplStage.Purchase,
            { InterestEvents: > 0 } => AiplStage.Interest,
            { Events: > 0 } => AiplStage.Awareness,
            _ => null,
        };
    }
}

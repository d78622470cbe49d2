namespace Helix.Core.Commerce;

/// <summary>How order lines become messages (docs/commerce.md).</summary>
public sealed record OrderImportOptions
{
    /// <summary>Statuses that make an order a refund, compared without case.</summary>
    public static readonly IReadOnlySet<string> DefaultRefundStatuses =
        new HashSet<string>(["refunded", "refund", "returned", "return", "cancelled", "canceled"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Asia/Shanghai (UTC+8, no daylight saving), or the fixed offset where the system has no time zone data.</summary>
    public static readonly TimeZoneInfo DefaultTimeZone = OrderTimes.FindZone("Asia/Shanghai") ?? OrderTimes.FindZone("+08:00")!;

    /// <summary>
    /// Scopes the message ids: the same order id imported through two sources is two orders, through
    /// one source twice is one. The CLI passes the source's id.
    /// </summary>
    public required string IdScope { get; init; }

    public OrderColumns Columns { get; init; } = OrderColumns.Default;

    /// <summary>An order id prefix that marks a refund (the UCI Online Retail data: <c>C</c>), or null.</summary>
    public string? RefundPrefix { get; init; }

    public IReadOnlySet<string> RefundStatuses { get; init; } = DefaultRefundStatuses;

    /// <summary>Bands for lines whose product has no <c>price_band</c> of its own; null for none.</summary>
    public PriceBands? PriceBands { get; init; }

    public OrderTimes Times { get; init; } = new(DefaultTimeZone);

    public GuestOrders GuestOrders { get; init; } = GuestOrders.Skip;

    /// <summary>The currency of orders whose lines name none, or null.</summary>
    public string? Currency { get; init; }
}

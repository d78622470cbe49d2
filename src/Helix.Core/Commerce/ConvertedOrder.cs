using System.Text.Json.Nodes;

namespace Helix.Core.Commerce;

/// <summary>One message made from an order's lines.</summary>
/// <param name="OrderId">The order id the message carries (without a refund prefix).</param>
/// <param name="Rows">The line rows the message was made from.</param>
/// <param name="Total">The message's <c>total</c> and <c>revenue</c>: what was paid, or for a refund what was refunded (never negative).</param>
/// <param name="Message">A Segment <c>track</c> message, ready for the collect parser.</param>
public sealed record ConvertedOrder(OrderKind Kind, string OrderId, IReadOnlyList<long> Rows, decimal Total, JsonObject Message);

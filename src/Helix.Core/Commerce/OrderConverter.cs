using System.Security.Cryptography;
using System.Text;

namespace Helix.Core.Commerce;

/// <summary>
/// Turns order lines (one row per line item) into Segment <c>track</c> messages: an
/// <c>Order Completed</c> per order, an <c>Order Refunded</c> per refund. Pure: the same rows and
/// options give the same messages, byte for byte, ids included, so re-importing a file is deduplicated.
/// </summary>
/// <remarks>
/// An order is a refund when its status is a refund status, or its id starts with the refund prefix
/// (its <c>order_id</c> is then the id without the prefix, pointing at the original). In an order that
/// is neither, lines with a negative quantity are returns: they become an <c>Order Refunded</c> beside
/// the order's <c>Order Completed</c>. Totals are never negative: a refund's total is the amount refunded.
/// Any error in any line rejects the whole order.
/// </remarks>
public static class OrderConverter
{
    public static OrderConversion Convert(IEnumerable<ImportRow> lines, OrderReferences references, OrderImportOptions options)
    {
        var reader = new TableReader(options.Columns, OrderTable.Lines);
        var drafts = new Dictionary<string, OrderDraft>(StringComparer.Ordinal);
        var inFileOrder = new List<OrderDraft>();
        var rejected = new List<RejectedOrder>();
        long count = 0;
        foreach (var row in lines)
        {
            count++;
            if (reader.Get(row, "order_id") is not { } orderId)
            {
                rejected.Add(new RejectedOrder(null, [row.Number], [row.Problem is { } problem ? reader.RowProblem(row, problem) : reader.Error(row, "order_id", "is required")]));
                continue;
            }

            if (!drafts.TryGetValue(orderId, out var draft))
            {
                draft = new OrderDraft(orderId);
                drafts.Add(orderId, draft);
                inFileOrder.Add(draft);
            }

            draft.Add(row, reader, options.Times);
        }

        var orders = new List<ConvertedOrder>();
        var unknown = new UnknownProducts(references.HasProducts);
        long guests = 0;
        foreach (var draft in inFileOrder)
        {
            var built = Build(draft, reader, references, options, unknown);
            if (built.Rejected is { } rejection)
            {
                rejected.Add(rejection);
            }
            else if (built.Orders.Count == 0)
            {
                guests++;
            }
            else
            {
                orders.AddRange(built.Orders);
            }
        }

        rejected.Sort((a, b) => a.Rows[0].CompareTo(b.Rows[0]));
        return new OrderConversion(orders, rejected, count, guests, unknown.Lines, unknown.Shown);
    }

    /// <summary>A short, stable hash of the parts, for ids.</summary>
    internal static string Hash(params string[] parts) =>
        System.Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];

    private static (IReadOnlyList<ConvertedOrder> Orders, RejectedOrder? Rejected) Build(
        OrderDraft draft, TableReader reader, OrderReferences references, OrderImportOptions options, UnknownProducts unknown)
    {
        if (draft.Errors.Count > 0)
        {
            return ([], new RejectedOrder(draft.SourceOrderId, draft.Rows, draft.Errors));
        }

        var prefix = options.RefundPrefix;
        var prefixed = !string.IsNullOrEmpty(prefix) && draft.SourceOrderId.Length > prefix.Length && draft.SourceOrderId.StartsWith(prefix, StringComparison.Ordinal);
        var refund = prefixed || (draft.Value("status") is { } status && options.RefundStatuses.Contains(status));
        var orderId = prefixed ? draft.SourceOrderId[prefix!.Length..] : draft.SourceOrderId;
        var buyer = OrderBuyer.Of(draft, options);
        if (buyer is null)
        {
            return ([], null);
        }

        // A refund refunds every line, whatever the sign of its quantity; otherwise negative quantities are returns.
        var parts = refund
            ? [(OrderKind.Refunded, draft.Lines)]
            : new[] { (OrderKind.Completed, draft.Lines.FindAll(l => l.Quantity > 0)), (OrderKind.Refunded, draft.Lines.FindAll(l => l.Quantity < 0)) }
                .Where(p => p.Item2.Count > 0).ToArray();
        var orders = new List<ConvertedOrder>(parts.Length);
        foreach (var (kind, lines) in parts)
        {
            var subtotal = lines.Sum(l => Math.Abs(l.Quantity) * l.UnitPrice);
            var discount = orders.Count == 0 ? draft.Discount : null;
            if (discount > subtotal)
            {
                var error = new RowError(OrderTable.Lines, draft.DiscountRow, reader.Header("discount"), $"{discount} is more than the order's subtotal {subtotal}");
                return ([], new RejectedOrder(draft.SourceOrderId, draft.Rows, [error]));
            }

            var messageId = "order-" + Hash(options.IdScope, WireNames.Of(kind), draft.SourceOrderId);
            var message = OrderMessages.Create(new OrderMessages.Order(kind, messageId, orderId, draft, lines, subtotal, discount, buyer), references, options, unknown);
            orders.Add(new ConvertedOrder(kind, orderId, draft.Rows, subtotal - (discount ?? 0), message));
        }

        return (orders, null);
    }
}

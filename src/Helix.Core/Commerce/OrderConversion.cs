namespace Helix.Core.Commerce;

/// <summary>The result of converting a table of order lines.</summary>
/// <param name="Orders">The messages, in the order their orders first appear in the file.</param>
/// <param name="Lines">Rows read from the lines table.</param>
/// <param name="GuestOrdersSkipped">Orders left out because they name no buyer (<see cref="GuestOrders.Skip"/>).</param>
/// <param name="UnknownProductLines">Lines whose product the product table does not list; they are imported with what the line has.</param>
/// <param name="UnknownProducts">Up to ten of those product ids, for the summary.</param>
public sealed record OrderConversion(
    IReadOnlyList<ConvertedOrder> Orders,
    IReadOnlyList<RejectedOrder> Rejected,
    long Lines,
    long GuestOrdersSkipped,
    long UnknownProductLines,
    IReadOnlyList<string> UnknownProducts);

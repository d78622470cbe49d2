namespace Helix.DemoData;

/// <summary>
/// One message as a small value: plans are sorted by time before they are rendered, so they must be
/// cheap to hold by the million. Everything the JSON needs follows from these fields and the customer.
/// </summary>
/// <param name="Ticks">UTC ticks, whole milliseconds (the rendered precision), so sorting the plan sorts the output.</param>
/// <param name="Step">The customer's running count: orders a customer's simultaneous entries as planned.</param>
/// <param name="Detail">Kind-specific: product or page index, basket seed (order events), coupon, or tier (identify).</param>
/// <param name="Order">The customer's order number for order events; 0 otherwise.</param>
/// <param name="Item">The basket line of a <see cref="EventKind.ProductAdded"/>.</param>
/// <param name="HeldCoupon">The coupon the customer holds when the basket is filled (0 = none); part of the basket's input.</param>
/// <param name="Campaign">1 + the index in <see cref="Campaigns.All"/> of the campaign that brought the session; 0 = none.</param>
internal readonly record struct PlannedEvent(
    long Ticks,
    int Customer,
    ushort Step,
    EventKind Kind,
    byte Channel,
    bool Identified,
    byte Campaign,
    int Detail,
    ushort Order,
    byte Item,
    byte HeldCoupon) : IComparable<PlannedEvent>
{
    public int CompareTo(PlannedEvent other) =>
        Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks)
        : Customer != other.Customer ? Customer.CompareTo(other.Customer)
        : Step.CompareTo(other.Step);
}

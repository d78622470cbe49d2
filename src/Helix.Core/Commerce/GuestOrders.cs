namespace Helix.Core.Commerce;

/// <summary>What to do with an order that names no buyer (no user id, member id, phone or e-mail).</summary>
public enum GuestOrders
{
    /// <summary>Leave it out and count it: an order nobody can be linked to says nothing about a customer.</summary>
    Skip,

    /// <summary>Import it under an anonymous id of its own (one person per guest order), so sales totals are complete.</summary>
    Anonymous,
}

namespace Helix.Core.Commerce;

/// <summary>
/// Who placed an order, as identity resolution reads it: <c>userId</c> from <c>user_id</c>; member id,
/// phone and e-mail as <c>context.traits</c>, which link the order to whoever else carries them. A
/// message needs a <c>userId</c> or an <c>anonymousId</c>: without a user id the buyer gets an anonymous
/// id derived from their strongest identifier, the same for all of their orders.
/// </summary>
internal sealed record OrderBuyer(string? UserId, string? AnonymousId, IReadOnlyList<(string Trait, string Value)> Traits)
{
    private static readonly string[] TraitColumns = ["member_id", "phone", "email"];

    /// <returns>The buyer, or null for a guest order that is to be skipped.</returns>
    public static OrderBuyer? Of(OrderDraft draft, OrderImportOptions options)
    {
        var traits = TraitColumns.Where(c => draft.Value(c) is not null).Select(c => (Trait: c, Value: draft.Value(c)!)).ToList();
        var userId = draft.Value("user_id");
        if (userId is not null)
        {
            return new OrderBuyer(userId, null, traits);
        }

        if (traits.Count > 0)
        {
            return new OrderBuyer(null, "buyer-" + OrderConverter.Hash(traits[0].Trait, traits[0].Value), traits);
        }

        return options.GuestOrders == GuestOrders.Anonymous
            ? new OrderBuyer(null, "guest-" + OrderConverter.Hash(options.IdScope, draft.SourceOrderId), [])
            : null;
    }
}

namespace Helix.DemoData;

/// <summary>
/// The lines of one order, drawn from a seed, so the planner and every event of the order (added,
/// checkout, completed, refunded) see the same basket without storing it.
/// </summary>
/// <param name="Coupon">The coupon whose discount applies, or null.</param>
/// <param name="UsesHeldCoupon">Whether that coupon is the one the customer held (a "Coupon Applied" precedes the order).</param>
internal sealed record Basket((Product Product, int Quantity)[] Lines, decimal Subtotal, decimal Discount, Coupon? Coupon, bool UsesHeldCoupon)
{
    public decimal Total => Subtotal - Discount;

    public static Basket Create(int seed, int favouriteCategory, byte heldCoupon)
    {
        var random = new Random(seed);
        var count = random.Next(100) switch { < 58 => 1, < 86 => 2, < 96 => 3, _ => 4 };
        var lines = new List<(Product, int)>(count);
        while (lines.Count < count)
        {
            // Most baskets stay in the customer's favourite category.
            var (first, size) = Catalog.Range(random.NextDouble() < 0.65 ? favouriteCategory : random.Next(Catalog.Categories));
            var product = Catalog.Products[first + random.Next(size)];
            if (lines.Exists(l => l.Item1 == product))
            {
                continue;
            }

            var quantity = product.Price > 60m ? 1 : random.Next(100) switch { < 70 => 1, < 92 => 2, _ => 3 };
            lines.Add((product, quantity));
        }

        var subtotal = lines.Sum(l => l.Item1.Price * l.Item2);
        var held = Coupons.Held[heldCoupon];
        if (held is not null && subtotal >= held.Threshold && subtotal > held.Value)
        {
            return new Basket([.. lines], subtotal, held.Value, held, true);
        }

        var storeWide = subtotal >= Coupons.StoreWide.Threshold ? Coupons.StoreWide : null;
        return new Basket([.. lines], subtotal, storeWide?.Value ?? 0m, storeWide, false);
    }
}

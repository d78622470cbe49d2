namespace Helix.DemoData;

/// <param name="Threshold">The order subtotal from which the coupon applies (满…减); 0 for a no-threshold coupon.</param>
internal sealed record Coupon(string Id, string Name, decimal Value, decimal Threshold);

namespace Helix.Core.Commerce;

/// <summary>A product from the product table; empty values are null.</summary>
public sealed record Product(string? ProductId, string? Sku, string? Name, string? Category, string? Brand, string? PriceBand);

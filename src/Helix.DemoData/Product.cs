namespace Helix.DemoData;

/// <param name="Id">The product id (SPU); the SKU adds the pack size.</param>
internal sealed record Product(int Index, string Id, string Sku, string Name, string Category, decimal Price);

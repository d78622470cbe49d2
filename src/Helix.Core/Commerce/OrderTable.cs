namespace Helix.Core.Commerce;

/// <summary>The tables an order import reads: the order lines and three optional reference tables.</summary>
public enum OrderTable
{
    Lines,
    Products,
    Stores,
    Guides,
}

namespace Helix.Core.Commerce;

/// <summary>A store from the store table.</summary>
public sealed record Store(string StoreId, string? Name, string? City);

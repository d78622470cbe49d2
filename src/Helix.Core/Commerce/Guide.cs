namespace Helix.Core.Commerce;

/// <summary>A guide (导购) from the guide table, with the store they work in.</summary>
public sealed record Guide(string GuideId, string? Name, string? StoreId);

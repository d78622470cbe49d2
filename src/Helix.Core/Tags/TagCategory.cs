namespace Helix.Core.Tags;

/// <summary>A group of tags in the catalog (loyalty, value, model…); every tag belongs to exactly one.</summary>
public sealed record TagCategory(string Name, string? Description, string? Owner);

namespace Helix.Core.Profiles.Facts;

/// <summary>A tag a person has: its value (null for plain membership) and since when it has had that value.</summary>
public readonly record struct HeldTag(string? Value, DateTimeOffset Since);

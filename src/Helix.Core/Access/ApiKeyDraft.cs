namespace Helix.Core.Access;

/// <summary>A key about to be issued, validated by <see cref="AccessRules.CheckKey"/>.</summary>
public sealed record ApiKeyDraft(string Name, string Role, DateTimeOffset? ExpiresAt, string? Store);

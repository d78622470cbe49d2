namespace Helix.Core.Workspaces;

/// <summary>
/// A management API key as stored: never its plaintext or hash. <see cref="Role"/> names a built-in or a custom role
/// of the workspace (<see cref="Access.Role"/>); <see cref="Store"/>, when set, limits the guide's member card to
/// members bound to that store. <see cref="LastUsedAt"/> is written at most once a minute per key, so it may lag.
/// </summary>
public sealed record ApiKey(
    string Id,
    WorkspaceId WorkspaceId,
    string Name,
    string Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null,
    string? Store = null,
    DateTimeOffset? LastUsedAt = null,
    DateTimeOffset? RevokedAt = null)
{
    /// <summary>Authenticates at <paramref name="now"/>: not revoked, and not at or past its expiry.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}

namespace Helix.Core.Workspaces;

/// <summary>A source as the collect API sees it after authenticating a write key.</summary>
public sealed record Source(SourceId Id, WorkspaceId WorkspaceId, string Name, SourceTrust Trust, DateTimeOffset CreatedAt);

namespace Helix.Core.Workspaces;

/// <summary>A management API key. Roles arrive with the privacy issue; for now every key is an admin of its workspace.</summary>
public sealed record ApiKey(string Id, WorkspaceId WorkspaceId, string Name, string Role, DateTimeOffset CreatedAt);

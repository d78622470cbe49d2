using Helix.Core.Workspaces;

namespace Helix.Core.Audit;

/// <summary>
/// A page of one workspace's audit log, newest first. Every filter is optional; <paramref name="Action"/> matches
/// a prefix (<c>PUT</c>, <c>GET /api/v1/profiles</c>), <paramref name="Actor"/> a key id or key name exactly.
/// </summary>
/// <param name="Before">Only entries with a lower sequence: the cursor of the next page.</param>
public sealed record AuditQuery(
    WorkspaceId Workspace,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Actor = null,
    string? Action = null,
    string? Target = null,
    long? Before = null);

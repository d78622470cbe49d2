using Helix.Core.Workspaces;

namespace Helix.Core.Pipeline;

public readonly record struct RecentMessage(WorkspaceId WorkspaceId, string MessageId, DateTimeOffset ReceivedAt);

using Helix.Core.Workspaces;

namespace Helix.Core.Collect;

/// <summary>What the server knows about a request, applied to every message in it.</summary>
/// <param name="BatchSentAt">The batch's <c>sentAt</c>, used when a message has none of its own.</param>
public sealed record CollectEnvelope(
    WorkspaceId WorkspaceId,
    SourceId SourceId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? BatchSentAt = null);

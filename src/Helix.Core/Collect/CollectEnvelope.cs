using Helix.Core.Workspaces;

namespace Helix.Core.Collect;

/// <summary>What the server knows about a request, applied to every message in it.</summary>
/// <param name="BatchSentAt">The batch's <c>sentAt</c>, used when a message has none of its own.</param>
/// <param name="Trust">The source's trust, stamped on every message so a replay resolves identities as live did.</param>
public sealed record CollectEnvelope(
    WorkspaceId WorkspaceId,
    SourceId SourceId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? BatchSentAt = null,
    SourceTrust Trust = SourceTrust.Trusted)
{
    public static CollectEnvelope For(Source source, DateTimeOffset receivedAt) =>
        new(source.WorkspaceId, source.Id, receivedAt, Trust: source.Trust);
}

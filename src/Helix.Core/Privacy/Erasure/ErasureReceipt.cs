using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Erasure;

/// <summary>
/// The proof of an erasure for the data subject and the DPO: what was removed from which store, and when.
/// It holds no personal data, only the (now meaningless) person id and counts.
/// </summary>
/// <param name="Stores">Rows or records removed per store, e.g. <c>events</c>, <c>identities</c>, <c>event log</c>.</param>
/// <param name="RedactedAt">When the person's records in the event log were replaced by tombstones; null while pending.</param>
public sealed record ErasureReceipt(
    string ErasureId,
    WorkspaceId WorkspaceId,
    string PersonId,
    DateTimeOffset RequestedAt,
    string RequestedBy,
    string? Reason,
    DateTimeOffset AppliedAt,
    int SuppressedIdentifiers,
    IReadOnlyDictionary<string, long> Stores,
    DateTimeOffset? RedactedAt);

using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Erasure;

/// <summary>
/// An erased person, as the pipeline hands it to the store: every row of the person goes, the digests of their
/// identifiers are kept as suppressions, and the log records at <paramref name="Positions"/> are to be redacted.
/// </summary>
/// <param name="Position">The log position of the erase operation.</param>
/// <param name="Identifiers">The person's identifiers, only so the store can drop list memberships by identifier; never stored.</param>
public sealed record PersonErasure(
    string ErasureId,
    WorkspaceId WorkspaceId,
    PersonId PersonId,
    long Position,
    DateTimeOffset RequestedAt,
    string RequestedBy,
    string? Reason,
    IReadOnlyList<string> Digests,
    IReadOnlyList<Identity.Identifier> Identifiers,
    IReadOnlyList<long> Positions);

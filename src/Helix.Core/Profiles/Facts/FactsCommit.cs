using Helix.Core.Workspaces;

using Helix.Core.Audiences.Segments;

namespace Helix.Core.Profiles.Facts;

/// <summary>What one commit changes of the facts: written in the pipeline's transaction, with the checkpoint.</summary>
/// <param name="Changed">Persons whose facts rows are replaced.</param>
/// <param name="Removed">Persons merged away or refolded: their facts rows go (their tag history moves with the merge).</param>
/// <param name="Record">The fact record the commit applies, if any, and its log position: journaled (definitions) or kept (list members).</param>
public sealed record FactsCommit(
    IReadOnlyList<PersonFactsSnapshot> Changed,
    IReadOnlyList<(WorkspaceId Workspace, PersonId Person)> Removed,
    IReadOnlyList<TagHistoryEntry> History,
    (FactRecord Record, long Position)? Record = null)
{
    /// <summary>Persons entering and leaving real-time segments.</summary>
    public IReadOnlyList<SegmentHistoryEntry> Segments { get; init; } = [];

    /// <summary>Persons refusing profiling leaving scheduled segments; applied only where they are stored members.</summary>
    public IReadOnlyList<SegmentHistoryEntry> ScheduledExits { get; init; } = [];

    public bool IsEmpty => Changed.Count == 0 && Removed.Count == 0 && History.Count == 0 && Segments.Count == 0 && ScheduledExits.Count == 0 && Record is null;
}

using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Audiences.Segments;

/// <summary>
/// A person entering or leaving a segment: when, at which log position and why (<c>event &lt;messageId&gt;</c>,
/// <c>window expiry</c>, <c>definitions v4</c>, <c>recompute &lt;runId&gt;</c>). Journeys trigger on these.
/// </summary>
public sealed record SegmentHistoryEntry(
    WorkspaceId WorkspaceId, PersonId Person, string Segment, bool Entered, DateTimeOffset At, long Position, string Reason)
{
    /// <summary>The event name a marketer sees on the timeline: <c>Segment Entered</c> or <c>Segment Exited</c>.</summary>
    public string EventName => Entered ? "Segment Entered" : "Segment Exited";
}

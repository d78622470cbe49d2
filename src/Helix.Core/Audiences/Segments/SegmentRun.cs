namespace Helix.Core.Audiences.Segments;

/// <summary>One recompute of a scheduled segment: who asked, when, and what changed.</summary>
public sealed record SegmentRun(
    string Id, string Segment, string Trigger, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Status,
    long? Members, int? Entered, int? Exited, string? Error);

namespace Helix.EventLog;

/// <param name="Directory">Holds the segment files and the lock file; created if missing.</param>
public sealed record EventLogOptions(string Directory)
{
    /// <summary>
    /// A segment rolls over before a frame that would take it past this size. A single frame larger than
    /// this still goes into one segment of its own: frames are never split.
    /// </summary>
    public long SegmentMaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The largest payload of one record; larger records are refused by <see cref="EventLog.AppendAsync"/>.</summary>
    public int MaxRecordBytes { get; init; } = 1024 * 1024;
}

using Microsoft.Extensions.Logging;

namespace Helix.EventLog;

public sealed partial class EventLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Opened event log {Directory}: {SegmentCount} segment(s), positions {FirstPosition} to {EndPosition}")]
    private partial void LogOpened(string directory, int segmentCount, long firstPosition, long endPosition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery dropped {DroppedBytes} byte(s) of a torn or corrupt tail from {Segment} at offset {Offset} ({Problem}); the log ends at position {EndPosition}")]
    private static partial void LogTailDropped(ILogger logger, long droppedBytes, string segment, long offset, string problem, long endPosition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started segment {Segment}")]
    private partial void LogSegmentCreated(string segment);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Writing to {Segment} failed; the event log refuses all further appends until it is reopened")]
    private partial void LogWriteFailed(Exception exception, string segment);
}

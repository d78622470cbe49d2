namespace Helix.EventLog;

/// <param name="Length">The whole frame in bytes, header and checksum included.</param>
internal readonly record struct FrameHeader(int Length, long FirstPosition, int RecordCount);

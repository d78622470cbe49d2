namespace Helix.EventLog;

/// <summary>
/// A durable record. The payloads returned by one <see cref="EventLog.Read"/> call may share one
/// buffer: holding on to a payload keeps that buffer alive. Nothing else writes to it.
/// </summary>
public readonly record struct LogRecord(LogPosition Position, ReadOnlyMemory<byte> Payload);

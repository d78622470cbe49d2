namespace Helix.EventLog;

/// <summary>Another <see cref="EventLog"/>, in this process or another one, owns the log directory.</summary>
public sealed class EventLogLockedException : Exception
{
    public EventLogLockedException()
    {
    }

    public EventLogLockedException(string message)
        : base(message)
    {
    }

    public EventLogLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal EventLogLockedException(string directory, string lockFile, Exception innerException)
        : base(
            $"The event log directory '{directory}' is already open by another EventLog, in this process or another one " +
            $"(the lock file '{lockFile}' holds the owner's process id). Only one EventLog may own a directory at a time: " +
            "dispose the other instance or stop the other process.",
            innerException)
    {
        Directory = directory;
    }

    /// <summary>The locked log directory, when known.</summary>
    public string? Directory { get; }
}

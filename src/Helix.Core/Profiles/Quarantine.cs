namespace Helix.Core.Profiles;

/// <summary>Why and when a person stopped accepting merges; the log position is the message that tripped the cap.</summary>
public sealed record Quarantine(string Reason, long Position, DateTimeOffset At);

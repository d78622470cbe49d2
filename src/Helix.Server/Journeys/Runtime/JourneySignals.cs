namespace Helix.Server.Journeys.Runtime;

/// <summary>
/// Wakes the runtime's loops early: an API entry for the runner, new outbox rows for the dispatcher. Flags polled
/// every <see cref="PollInterval"/>, not waits: an idle server leaves no waiter behind per check.
/// </summary>
public sealed class JourneySignals
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private int _entries;
    private int _outbox;

    public void EntryRequested() => Volatile.Write(ref _entries, 1);

    public void OutboxFilled() => Volatile.Write(ref _outbox, 1);

    public bool TakeEntryRequested() => Interlocked.Exchange(ref _entries, 0) == 1;

    public bool TakeOutboxFilled() => Interlocked.Exchange(ref _outbox, 0) == 1;
}

using Helix.Core.Workspaces;

namespace Helix.Core.Pipeline;

/// <summary>
/// Remembers message ids for a window of receive time, per workspace: a message whose id was seen
/// within the window is a retry and is dropped. The window moves with the messages' own receive
/// times, not the wall clock, so a replay makes the same decisions.
/// </summary>
public sealed class MessageDedupe(TimeSpan window)
{
    private readonly HashSet<(WorkspaceId, string)> _seen = [];
    private readonly Queue<RecentMessage> _order = new();

    public TimeSpan Window { get; } = window;

    public int Count => _seen.Count;

    /// <summary>Records the id; false when it was already seen within the window.</summary>
    public bool TryAdd(RecentMessage message)
    {
        Expire(message.ReceivedAt - Window);
        if (!_seen.Add((message.WorkspaceId, message.MessageId)))
        {
            return false;
        }

        _order.Enqueue(message);
        return true;
    }

    private void Expire(DateTimeOffset before)
    {
        while (_order.TryPeek(out var oldest) && oldest.ReceivedAt < before)
        {
            _order.Dequeue();
            _seen.Remove((oldest.WorkspaceId, oldest.MessageId));
        }
    }
}

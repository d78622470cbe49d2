using System.Collections.Concurrent;

namespace Helix.Core.Access;

/// <summary>
/// Keys' last-used times, kept in memory so that a request never waits for a database write: a key's use is noted
/// at most once per <paramref name="interval"/> and written later in a batch (<see cref="Drain"/>). Thread-safe.
/// A crash loses at most the uses noted since the last drain.
/// </summary>
public sealed class LastUseBuffer(TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _noted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    public TimeSpan Interval { get; } = interval;

    /// <summary>Notes a use of the key unless one was noted (or stored) less than the interval before.</summary>
    /// <param name="stored">The last-used time the store holds, so a restart does not write again within the interval.</param>
    /// <returns>Whether the use was noted (and will be written).</returns>
    public bool Touch(string keyId, DateTimeOffset? stored, DateTimeOffset now)
    {
        var last = _noted.TryGetValue(keyId, out var noted) ? Max(noted, stored) : stored;
        if (last is { } l && now - l < Interval)
        {
            return false;
        }

        _noted[keyId] = now;
        _pending.AddOrUpdate(keyId, now, (_, old) => old > now ? old : now);
        return true;
    }

    /// <summary>The noted use not yet written, so a listing can show it before the write.</summary>
    public DateTimeOffset? Pending(string keyId) => _pending.TryGetValue(keyId, out var at) ? at : null;

    /// <summary>Takes the uses to write. A use noted meanwhile stays for the next drain.</summary>
    public IReadOnlyList<KeyValuePair<string, DateTimeOffset>> Drain()
    {
        var taken = new List<KeyValuePair<string, DateTimeOffset>>();
        foreach (var entry in _pending)
        {
            // Removes the entry only if it still holds the value read, so a newer use is not lost.
            if (_pending.TryRemove(entry))
            {
                taken.Add(entry);
            }
        }

        return taken;
    }

    /// <summary>Puts back uses whose write failed, keeping any newer use noted since.</summary>
    public void Restore(IEnumerable<KeyValuePair<string, DateTimeOffset>> uses)
    {
        foreach (var (keyId, at) in uses)
        {
            _pending.AddOrUpdate(keyId, at, (_, newer) => newer > at ? newer : at);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset? b) => b is { } v && v > a ? v : a;
}

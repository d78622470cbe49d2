using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// The incremental state of one computed trait for one person: each event is folded in once with
/// <see cref="Observe"/>, history is never rescanned. Mutable, not thread-safe.
/// <para>
/// Windows. A windowed trait keeps one bucket per calendar day in workspace time (UTC+8) when its
/// window is whole days, otherwise one bucket per hour. The window at <c>now</c> is the N buckets ending
/// with now's: <c>orders_90d</c> counts the orders on the 90 calendar days ending today, so an order on
/// day d counts through day d+89 and is gone at the start of day d+90. Buckets after now's (events
/// stamped in the future) count too. An unwindowed trait keeps one running bucket.
/// Events are bucketed by their <see cref="CollectedMessage.Timestamp"/>: a late event lands in its own
/// past bucket, and an event already outside the window when it was received
/// (<see cref="CollectedMessage.ReceivedAt"/>) is ignored, since it could never count again.
/// </para>
/// <para>
/// Values. A path's scalar values count (strings, numbers, booleans; a path with <c>[]</c> yields one
/// per array item); an event without a value at <c>Of</c> is not counted, not even by Count.
/// Sum, Avg, Min and Max use numbers only: JSON numbers and numeric strings within ±10^18, as decimals
/// (exact, so the order of addition never matters). Min and Max are numeric only: other strings are
/// skipped, since text has no order a marketer means and values of mixed kinds have none at all.
/// Sum, Avg, Min, Max, First, Last and MostFrequent have no value (null) when nothing counted; Count and
/// DistinctCount give 0. First and Last are the value at the earliest and latest event, ties at the same
/// instant broken by the value's order (least for First, greatest for Last); without <c>Of</c> they are
/// the event time in ISO 8601, UTC (<c>2026-11-01T02:00:00.0000000Z</c>). MostFrequent counts each value
/// once per event item and breaks ties by the least value, so the result never depends on arrival order.
/// The order of values: booleans, then numbers, then strings, each ordinally by its text.
/// </para>
/// <para>
/// Caps. DistinctCount and MostFrequent track at most <see cref="MaxDistinctValues"/> distinct values per
/// state; later new values are not tracked (their events are lost to the count), and past the cap the
/// values kept by <see cref="Absorb"/> depend on which state absorbs which.
/// </para>
/// </summary>
public sealed partial class ComputedTraitState
{
    public const int MaxDistinctValues = 1_000;

    // Bucket key → bucket; an unwindowed trait uses the single key 0.
    private readonly SortedDictionary<long, Bucket> _buckets = [];

    // The distinct values held across all buckets, for the cap.
    private readonly HashSet<string> _tracked = new(StringComparer.Ordinal);

    public bool IsEmpty => _buckets.Count == 0;

    /// <summary>Folds <paramref name="message"/> in; a no-op when the filter does not match or it has no value to count.</summary>
    public void Observe(ComputedTraitDefinition definition, CollectedMessage message)
    {
        var sign = definition.SignOf(message);
        if (sign == 0)
        {
            return;
        }

        var window = BucketWindow.Of(definition.Window);
        var key = window?.Key(message.Timestamp) ?? 0;
        if (window is { } w && key < w.Lower(message.ReceivedAt))
        {
            return;
        }

        var values = definition.Of?.Keys(message).ToList() ?? [ValuePath.Timestamp(message.Timestamp)];
        if (values.Count == 0)
        {
            return;
        }

        var bucket = new Bucket();
        switch (definition.Function)
        {
            case AggregateFunction.Count:
                bucket.Count = 1;
                break;
            case AggregateFunction.Sum or AggregateFunction.Avg or AggregateFunction.Min or AggregateFunction.Max:
                foreach (var value in values)
                {
                    if (ScalarKey.TryNumber(value, out var number))
                    {
                        bucket.AddNumber(sign * number);
                    }
                }

                break;
            case AggregateFunction.First or AggregateFunction.Last:
                foreach (var value in values)
                {
                    var stamped = new Stamped(message.Timestamp.UtcTicks, value);
                    bucket.First = Stamped.Least(bucket.First, stamped);
                    bucket.Last = Stamped.Greatest(bucket.Last, stamped);
                }

                break;
            default:
                foreach (var value in values)
                {
                    bucket.AddValue(value, 1);
                }

                break;
        }

        Add(key, bucket);
    }

    /// <summary>Adds another person's state of the same trait: the result equals observing both persons' events.</summary>
    public void Absorb(ComputedTraitState other)
    {
        foreach (var (key, bucket) in other._buckets)
        {
            Add(key, bucket);
        }
    }

    /// <summary>The trait's value at <paramref name="now"/>; null when there is none (Count and DistinctCount give 0).</summary>
    public JsonElement? Value(ComputedTraitDefinition definition, DateTimeOffset now)
    {
        var lower = BucketWindow.Of(definition.Window)?.Lower(now) ?? long.MinValue;
        var total = new Bucket();
        foreach (var (_, bucket) in _buckets.Where(b => b.Key >= lower))
        {
            total.Absorb(bucket, _ => true);
        }

        return Result(definition.Function, total);
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which a bucket leaving the window changes
    /// <see cref="Value"/>, assuming no new events; null when expiry never changes it (or there is no window).
    /// </summary>
    public DateTimeOffset? NextChange(ComputedTraitDefinition definition, DateTimeOffset now)
    {
        if (BucketWindow.Of(definition.Window) is not { } window)
        {
            return null;
        }

        // When bucket i leaves, the window holds the buckets after it; folding from the newest gives each
        // of those values in one pass instead of recomputing the window for every expiry.
        var lower = window.Lower(now);
        var inWindow = _buckets.Where(b => b.Key >= lower).ToList();
        var after = new string?[inWindow.Count];
        var suffix = new Bucket();
        for (var i = inWindow.Count - 1; i >= 0; i--)
        {
            after[i] = Result(definition.Function, suffix)?.GetRawText();
            suffix.Absorb(inWindow[i].Value, _ => true);
        }

        var current = Result(definition.Function, suffix)?.GetRawText();
        var changed = Array.FindIndex(after, value => value != current);
        return changed < 0 ? null : window.Expiry(inWindow[changed].Key);
    }

    /// <summary>Drops the buckets wholly outside the window at <paramref name="now"/>; the value at now and later is unchanged.</summary>
    public void Prune(ComputedTraitDefinition definition, DateTimeOffset now)
    {
        if (BucketWindow.Of(definition.Window) is not { } window)
        {
            return;
        }

        var lower = window.Lower(now);
        var stale = _buckets.Keys.TakeWhile(k => k < lower).ToList();
        if (stale.Count == 0)
        {
            return;
        }

        foreach (var key in stale)
        {
            _buckets.Remove(key);
        }

        Retrack();
    }

    private static JsonElement? Result(AggregateFunction function, Bucket total) => function switch
    {
        AggregateFunction.Count => JsonSerializer.SerializeToElement(total.Count),
        AggregateFunction.Sum => total.Numbers > 0 ? ScalarKey.ToElement(ScalarKey.Number(total.Sum)) : null,
        AggregateFunction.Avg => total.Numbers > 0 ? ScalarKey.ToElement(ScalarKey.Number(total.Sum / total.Numbers)) : null,
        AggregateFunction.Min => total.Min is { } min ? ScalarKey.ToElement(ScalarKey.Number(min)) : null,
        AggregateFunction.Max => total.Max is { } max ? ScalarKey.ToElement(ScalarKey.Number(max)) : null,
        AggregateFunction.First => total.First is { } first ? ScalarKey.ToElement(first.Key) : null,
        AggregateFunction.Last => total.Last is { } last ? ScalarKey.ToElement(last.Key) : null,
        AggregateFunction.DistinctCount => JsonSerializer.SerializeToElement(total.Values?.Count ?? 0),
        AggregateFunction.MostFrequent => MostFrequent(total.Values) is { } key ? ScalarKey.ToElement(key) : null,
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    private static string? MostFrequent(Dictionary<string, long>? values)
    {
        string? best = null;
        var bestCount = 0L;
        foreach (var (key, count) in values ?? [])
        {
            if (count > bestCount || (count == bestCount && string.CompareOrdinal(key, best) < 0))
            {
                (best, bestCount) = (key, count);
            }
        }

        return best;
    }

    private void Add(long key, Bucket bucket)
    {
        if (!_buckets.TryGetValue(key, out var existing))
        {
            existing = new Bucket();
            _buckets[key] = existing;
        }

        existing.Absorb(bucket, Admit);
        if (existing is { Count: 0, Numbers: 0, First: null, Values: null or { Count: 0 } })
        {
            // Nothing countable arrived (no numbers, or only values beyond the cap): keep no empty bucket.
            _buckets.Remove(key);
        }
    }

    private bool Admit(string key) => _tracked.Contains(key) || (_tracked.Count < MaxDistinctValues && _tracked.Add(key));

    private void Retrack()
    {
        _tracked.Clear();
        foreach (var bucket in _buckets.Values)
        {
            _tracked.UnionWith(bucket.Values?.Keys ?? Enumerable.Empty<string>());
        }
    }
}

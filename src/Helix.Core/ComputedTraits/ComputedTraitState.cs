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

    // Bucket key → bucket; an unwindowed trait uses the single key 0. A sorted list, not a tree: events mostly
    // arrive in time order (an append), the oldest bucket is at index 0, and two arrays cost far less memory
    // per person than a node per bucket.
    private readonly SortedList<long, Bucket> _buckets = [];

    // The distinct values held across all buckets, for the cap.
    // Created with the first value: counts, sums and times never need it.
    private HashSet<string>? _tracked;

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

        // Added straight into the event's bucket, with one scratch list per thread: this runs for every event
        // and every trait, and garbage here is what bounds the pipeline's rate.
        var values = Scratch ??= [];
        values.Clear();
        if (definition.Of is { } of)
        {
            of.Collect(message, values);
        }
        else
        {
            values.Add(PathValue.OfText(ValuePath.TimestampText(message.Timestamp)));
        }

        if (values.Count == 0)
        {
            return;
        }

        switch (definition.Function)
        {
            case AggregateFunction.Count:
                BucketAt(key).Count++;
                break;
            case AggregateFunction.Sum or AggregateFunction.Avg or AggregateFunction.Min or AggregateFunction.Max:
                foreach (var value in values)
                {
                    if (value.TryNumber(out var number))
                    {
                        BucketAt(key).AddNumber(sign * number);
                    }
                }

                break;
            case AggregateFunction.First or AggregateFunction.Last:
                foreach (var value in values)
                {
                    var stamped = new Stamped(message.Timestamp.UtcTicks, value.Key);
                    var bucket = BucketAt(key);
                    bucket.First = Stamped.Least(bucket.First, stamped);
                    bucket.Last = Stamped.Greatest(bucket.Last, stamped);
                }

                break;
            default:
                foreach (var value in values)
                {
                    if (value.Key is var text && Admit(text))
                    {
                        BucketAt(key).AddValue(text, 1);
                    }
                }

                break;
        }
    }

    [ThreadStatic]
    private static List<PathValue>? Scratch;

    /// <summary>The bucket at <paramref name="key"/>, created when absent: only called with something to add, so no bucket stays empty.</summary>
    private Bucket BucketAt(long key)
    {
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket();
            _buckets[key] = bucket;
        }

        return bucket;
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
        for (var i = FirstAtOrAfter(lower); i < _buckets.Count; i++)
        {
            total.Absorb(_buckets.Values[i], _ => true);
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
        // of those values in one pass instead of recomputing the window for every expiry. Values compare as
        // tokens, not JSON: this runs for every windowed trait each time a person's tags are evaluated.
        var first = FirstAtOrAfter(window.Lower(now));
        var count = _buckets.Count - first;
        var after = new ResultToken[count];
        var suffix = new Bucket();
        for (var i = count - 1; i >= 0; i--)
        {
            after[i] = ResultToken.Of(definition.Function, suffix);
            suffix.Absorb(_buckets.Values[first + i], _ => true);
        }

        var current = ResultToken.Of(definition.Function, suffix);
        var changed = Array.FindIndex(after, value => value != current);
        return changed < 0 ? null : window.Expiry(_buckets.Keys[first + changed]);
    }

    /// <summary>What <see cref="Result"/> would give, comparable without building JSON: equal tokens, equal values.</summary>
    private readonly record struct ResultToken(bool Present, decimal Number, string? Text)
    {
        public static ResultToken Of(AggregateFunction function, Bucket total) => function switch
        {
            AggregateFunction.Count => new(true, total.Count, null),
            AggregateFunction.Sum => total.Numbers > 0 ? new(true, total.Sum, null) : default,
            AggregateFunction.Avg => total.Numbers > 0 ? new(true, total.Sum / total.Numbers, null) : default,
            AggregateFunction.Min => total.Min is { } min ? new(true, min, null) : default,
            AggregateFunction.Max => total.Max is { } max ? new(true, max, null) : default,
            AggregateFunction.First => total.First is { } stamped ? new(true, 0, stamped.Key) : default,
            AggregateFunction.Last => total.Last is { } stamped ? new(true, 0, stamped.Key) : default,
            AggregateFunction.DistinctCount => new(true, total.Values?.Count ?? 0, null),
            _ => MostFrequent(total.Values) is { } key ? new(true, 0, key) : default,
        };
    }

    /// <summary>Drops the buckets wholly outside the window at <paramref name="now"/>; the value at now and later is unchanged.</summary>
    public void Prune(ComputedTraitDefinition definition, DateTimeOffset now)
    {
        if (BucketWindow.Of(definition.Window) is not { } window)
        {
            return;
        }

        var lower = window.Lower(now);
        if (_buckets.Count == 0 || _buckets.Keys.First() >= lower)
        {
            return;
        }

        var stale = _buckets.Keys.TakeWhile(k => k < lower).ToList();

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

    /// <summary>The index of the first bucket with a key at or after <paramref name="lower"/> (the count when none).</summary>
    private int FirstAtOrAfter(long lower)
    {
        var keys = _buckets.Keys;
        if (keys.Count == 0 || keys[0] >= lower)
        {
            return 0;
        }

        int low = 1, high = keys.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (keys[middle] < lower)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private bool Admit(string key)
    {
        _tracked ??= new HashSet<string>(StringComparer.Ordinal);
        return _tracked.Contains(key) || (_tracked.Count < MaxDistinctValues && _tracked.Add(key));
    }

    private void Retrack()
    {
        _tracked?.Clear();
        foreach (var bucket in _buckets.Values)
        {
            if (bucket.Values is { Count: > 0 } values)
            {
                (_tracked ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(values.Keys);
            }
        }
    }
}

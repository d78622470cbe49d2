using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Helix.Core.Profiles;

/// <summary>One distinct value of a trait in a person's histogram: how many events carried it, and the latest of them (value and provenance).</summary>
public readonly record struct TraitValueCount(TraitValue Latest, long Count);

/// <summary>
/// How often each distinct value of one trait was carried by a person's events, for <see cref="TraitSurvivorship.MostFrequent"/>.
/// The winner is the value with the most events; on a tie, the one seen latest (event time, then log position), then the
/// smaller JSON text. Values are the same when their canonical JSON is (<see cref="KeyOf"/>): no trimming or case folding.
/// <para>
/// Bounded: at most <see cref="Capacity"/> distinct values. A new value always gets a place; when all are taken, the weakest
/// (fewest events, then seen earliest) is dropped, and if it comes back it counts from 1 again. Up to the capacity the counts
/// are exact and do not depend on the order events arrive in; beyond it every count is a lower bound and the winner is an
/// approximation, which may depend on the order.
/// </para>
/// Not thread-safe, like the fold it belongs to.
/// </summary>
internal sealed class TraitHistogram
{
    public const int Capacity = 32;

    private static readonly JsonWriterOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Comparer<KeyValuePair<string, TraitValueCount>> Strength = Comparer<KeyValuePair<string, TraitValueCount>>.Create(Compare);

    private readonly Dictionary<string, TraitValueCount> _counts = new(StringComparer.Ordinal);

    /// <summary>A histogram of stored counts (a snapshot); it keeps the strongest <see cref="Capacity"/> if there are more.</summary>
    public static TraitHistogram From(IEnumerable<TraitValueCount> counts)
    {
        var histogram = new TraitHistogram();
        foreach (var count in counts)
        {
            histogram.Add(KeyOf(count.Latest.Value), count);
        }

        histogram.Trim();
        return histogram;
    }

    /// <summary>
    /// The value's canonical JSON: strings by content (so <c>"\u4e0a\u6d77"</c> is <c>"上海"</c>), object properties sorted, no
    /// whitespace; numbers as written (<c>1</c> and <c>1.0</c> differ).
    /// </summary>
    public static string KeyOf(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Canonical))
        {
            WriteCanonical(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The value to keep: the most frequent; provenance is the latest event that carried it. The histogram is not empty.</summary>
    public TraitValue Winner => _counts.Max(Strength).Value.Latest;

    /// <summary>One more event carried <paramref name="value"/> (whose <see cref="KeyOf"/> is <paramref name="key"/>).</summary>
    public void Count(string key, TraitValue value)
    {
        if (!_counts.ContainsKey(key) && _counts.Count >= Capacity)
        {
            _counts.Remove(_counts.Min(Strength).Key);
        }

        Add(key, new TraitValueCount(value, 1));
    }

    /// <summary>A merge: the counts of <paramref name="other"/> add to these, value by value.</summary>
    public void Absorb(TraitHistogram other)
    {
        foreach (var (key, count) in other._counts)
        {
            Add(key, count);
        }

        Trim();
    }

    /// <summary>The counts, strongest (the winner) first.</summary>
    public IReadOnlyList<TraitValueCount> Ranked() => [.. _counts.OrderDescending(Strength).Select(c => c.Value)];

    private void Add(string key, TraitValueCount count)
    {
        if (_counts.TryGetValue(key, out var current))
        {
            var latest = TraitRule.Later(current.Latest, count.Latest) ? current.Latest : count.Latest;
            count = new TraitValueCount(latest, current.Count + count.Count);
        }

        _counts[key] = count;
    }

    private void Trim()
    {
        if (_counts.Count > Capacity)
        {
            foreach (var weakest in _counts.Order(Strength).Take(_counts.Count - Capacity).ToList())
            {
                _counts.Remove(weakest.Key);
            }
        }
    }

    /// <summary>Stronger: more events; then seen later (event time, then log position); then the smaller JSON text, so no two values tie.</summary>
    private static int Compare(KeyValuePair<string, TraitValueCount> a, KeyValuePair<string, TraitValueCount> b)
    {
        var (x, y) = (a.Value, b.Value);
        return x.Count != y.Count ? x.Count.CompareTo(y.Count)
            : x.Latest.UpdatedAt != y.Latest.UpdatedAt ? x.Latest.UpdatedAt.CompareTo(y.Latest.UpdatedAt)
            : x.Latest.Position != y.Latest.Position ? x.Latest.Position.CompareTo(y.Latest.Position)
            : string.CompareOrdinal(b.Key, a.Key);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(value.GetString());
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}

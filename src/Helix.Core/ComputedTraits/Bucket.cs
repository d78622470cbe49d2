namespace Helix.Core.ComputedTraits;

/// <summary>
/// The aggregate of the events in one time bucket. Every part merges by addition, least or greatest,
/// so merging buckets in any order gives the same bucket. Only the parts the trait's function needs are filled.
/// </summary>
internal sealed class Bucket
{
    /// <summary>Events counted (Count).</summary>
    public long Count { get; set; }

    /// <summary>Sum of the numeric values (Sum, Avg).</summary>
    public decimal Sum { get; set; }

    /// <summary>How many numeric values <see cref="Sum"/> adds up (Avg).</summary>
    public long Numbers { get; set; }

    public decimal? Min { get; set; }

    public decimal? Max { get; set; }

    public Stamped? First { get; set; }

    public Stamped? Last { get; set; }

    /// <summary>Value → events it occurred in (DistinctCount, MostFrequent).</summary>
    public Dictionary<string, long>? Values { get; set; }

    public void AddNumber(decimal value)
    {
        Sum += value;
        Numbers++;
        Min = Min is { } min && min <= value ? min : value;
        Max = Max is { } max && max >= value ? max : value;
    }

    public void AddValue(string key, long count)
    {
        Values ??= new Dictionary<string, long>(StringComparer.Ordinal);
        Values[key] = Values.GetValueOrDefault(key) + count;
    }

    /// <summary>Adds <paramref name="other"/>, keeping only the values <paramref name="keep"/> admits.</summary>
    public void Absorb(Bucket other, Func<string, bool> keep)
    {
        Count += other.Count;
        Sum += other.Sum;
        Numbers += other.Numbers;
        Min = other.Min is { } otherMin && (Min is not { } min || otherMin < min) ? otherMin : Min;
        Max = other.Max is { } otherMax && (Max is not { } max || otherMax > max) ? otherMax : Max;
        First = Stamped.Least(First, other.First);
        Last = Stamped.Greatest(Last, other.Last);
        foreach (var (key, count) in other.Values ?? [])
        {
            if (keep(key))
            {
                AddValue(key, count);
            }
        }
    }
}

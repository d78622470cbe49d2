using System.Globalization;
using System.Text.Json;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// Storage form: <c>{"b":{"20412":{"c":3,"s":120.5,"n":2,"lo":20,"hi":100.5,"f":[ticks,"s:x"],"l":[ticks,"s:y"],"v":{"s:x":2}}}}</c>,
/// buckets by key, each with only its non-empty parts; values are <see cref="ScalarKey"/>s, times UTC ticks.
/// </summary>
public sealed partial class ComputedTraitState
{
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("b");
        foreach (var (key, bucket) in _buckets)
        {
            writer.WriteStartObject(key.ToString(CultureInfo.InvariantCulture));
            WriteBucket(writer, bucket);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A state written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="InvalidDataException">Not a stored state: the store is damaged.</exception>
    public static ComputedTraitState ReadFrom(JsonElement element)
    {
        var state = new ComputedTraitState();
        try
        {
            foreach (var stored in element.GetProperty("b").EnumerateObject())
            {
                state._buckets[long.Parse(stored.Name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)] = ReadBucket(stored.Value);
            }
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("A stored computed trait state is damaged.", e);
        }

        state.Retrack();
        return state;
    }

    private static void WriteBucket(Utf8JsonWriter writer, Bucket bucket)
    {
        if (bucket.Count != 0)
        {
            writer.WriteNumber("c", bucket.Count);
        }

        if (bucket.Numbers != 0)
        {
            writer.WriteNumber("s", bucket.Sum);
            writer.WriteNumber("n", bucket.Numbers);
            writer.WriteNumber("lo", bucket.Min!.Value);
            writer.WriteNumber("hi", bucket.Max!.Value);
        }

        WriteStamped(writer, "f", bucket.First);
        WriteStamped(writer, "l", bucket.Last);
        if (bucket.Values is { Count: > 0 } values)
        {
            writer.WriteStartObject("v");
            foreach (var (value, count) in values)
            {
                writer.WriteNumber(value, count);
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteStamped(Utf8JsonWriter writer, string name, Stamped? stamped)
    {
        if (stamped is { } s)
        {
            writer.WriteStartArray(name);
            writer.WriteNumberValue(s.Ticks);
            writer.WriteStringValue(s.Key);
            writer.WriteEndArray();
        }
    }

    private static Bucket ReadBucket(JsonElement stored)
    {
        var bucket = new Bucket();
        foreach (var part in stored.EnumerateObject())
        {
            switch (part.Name)
            {
                case "c": bucket.Count = part.Value.GetInt64(); break;
                case "s": bucket.Sum = part.Value.GetDecimal(); break;
                case "n": bucket.Numbers = part.Value.GetInt64(); break;
                case "lo": bucket.Min = part.Value.GetDecimal(); break;
                case "hi": bucket.Max = part.Value.GetDecimal(); break;
                case "f": bucket.First = ReadStamped(part.Value); break;
                case "l": bucket.Last = ReadStamped(part.Value); break;
                case "v":
                    foreach (var value in part.Value.EnumerateObject())
                    {
                        bucket.AddValue(value.Name, value.Value.GetInt64());
                    }

                    break;
                default: throw new FormatException($"Unknown bucket part '{part.Name}'.");
            }
        }

        return bucket;
    }

    private static Stamped ReadStamped(JsonElement stored) => new(stored[0].GetInt64(), stored[1].GetString() ?? throw new FormatException("A stamped value has no value."));
}

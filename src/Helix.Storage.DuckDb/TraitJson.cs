using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>
/// Traits are stored as two JSON objects: the plain values (what queries and the API read) and each
/// one's provenance — the event time, source, message and log position that set it (what survivorship
/// needs when persons merge, and what a steward reads). Provenance written before it held more than the
/// time (a bare timestamp string) still reads. MostFrequent traits also store their value histograms (<see cref="Counts"/>).
/// </summary>
internal static class TraitJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Values(IReadOnlyDictionary<string, TraitValue> traits) =>
        Write(traits, (writer, name, trait) => { writer.WritePropertyName(name); trait.Value.WriteTo(writer); });

    public static string Times(IReadOnlyDictionary<string, TraitValue> traits) =>
        Write(traits, (writer, name, trait) =>
        {
            writer.WriteStartObject(name);
            WriteProvenance(writer, trait);
            writer.WriteEndObject();
        });

    /// <summary>
    /// The value histograms of MostFrequent traits: per trait, each value with its event count and the provenance of its latest
    /// event, strongest first. Null when the person has none, so the column costs nothing for other rules.
    /// </summary>
    public static string? Counts(IReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>> counts) =>
        counts.Count == 0 ? null : Write(counts, (writer, name, values) =>
        {
            writer.WriteStartArray(name);
            foreach (var count in values)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("value");
                count.Latest.Value.WriteTo(writer);
                writer.WriteNumber("count", count.Count);
                WriteProvenance(writer, count.Latest);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    public static Dictionary<string, TraitValue> Read(string values, string times)
    {
        var result = new Dictionary<string, TraitValue>(StringComparer.Ordinal);
        var timesRoot = JsonElement.Parse(times);
        foreach (var property in JsonElement.Parse(values).EnumerateObject())
        {
            result[property.Name] = timesRoot.TryGetProperty(property.Name, out var provenance)
                ? provenance.ValueKind == JsonValueKind.String
                    ? new TraitValue(property.Value, provenance.GetDateTimeOffset())
                    : ReadProvenance(property.Value, provenance)
                : new TraitValue(property.Value, DateTimeOffset.MinValue);
        }

        return result;
    }

    /// <summary>What <see cref="Counts"/> wrote; null (persons stored before migration 7, or without histograms) is none.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<TraitValueCount>> ReadCounts(string? counts) =>
        counts is null
            ? PersonSnapshot.NoTraitCounts
            : JsonElement.Parse(counts).EnumerateObject().ToDictionary(
                p => p.Name,
                p => (IReadOnlyList<TraitValueCount>)[.. p.Value.EnumerateArray().Select(c => new TraitValueCount(ReadProvenance(c.GetProperty("value"), c), c.GetProperty("count").GetInt64()))],
                StringComparer.Ordinal);

    public static Dictionary<string, JsonElement> ValuesOnly(string values) =>
        JsonElement.Parse(values).EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static void WriteProvenance(Utf8JsonWriter writer, TraitValue trait)
    {
        writer.WriteString("at", trait.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (trait.Source is { } source)
        {
            writer.WriteString("source", source.Value);
        }

        if (trait.MessageId is { } message)
        {
            writer.WriteString("message", message);
        }

        writer.WriteNumber("position", trait.Position);
    }

    private static TraitValue ReadProvenance(JsonElement value, JsonElement provenance) =>
        new(
            value,
            provenance.GetProperty("at").GetDateTimeOffset(),
            provenance.TryGetProperty("source", out var source) ? new SourceId(source.GetString()!) : null,
            provenance.TryGetProperty("message", out var message) ? message.GetString() : null,
            provenance.TryGetProperty("position", out var position) ? position.GetInt64() : -1);

    private static string Write<T>(IReadOnlyDictionary<string, T> traits, Action<Utf8JsonWriter, string, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var (name, trait) in traits.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                write(writer, name, trait);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

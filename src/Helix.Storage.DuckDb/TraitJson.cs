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
/// time (a bare timestamp string) still reads.
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
            writer.WriteEndObject();
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
                    : new TraitValue(
                        property.Value,
                        provenance.GetProperty("at").GetDateTimeOffset(),
                        provenance.TryGetProperty("source", out var source) ? new SourceId(source.GetString()!) : null,
                        provenance.TryGetProperty("message", out var message) ? message.GetString() : null,
                        provenance.TryGetProperty("position", out var position) ? position.GetInt64() : -1)
                : new TraitValue(property.Value, DateTimeOffset.MinValue);
        }

        return result;
    }

    public static Dictionary<string, JsonElement> ValuesOnly(string values) =>
        JsonElement.Parse(values).EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static string Write(IReadOnlyDictionary<string, TraitValue> traits, Action<Utf8JsonWriter, string, TraitValue> write)
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

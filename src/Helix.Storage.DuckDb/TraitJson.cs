using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Helix.Core.Profiles;

namespace Helix.Storage.DuckDb;

/// <summary>
/// Traits are stored as two JSON objects: the plain values (what queries and the API read) and the
/// event time that set each one (what survivorship needs when persons merge).
/// </summary>
internal static class TraitJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Values(IReadOnlyDictionary<string, TraitValue> traits) =>
        Write(traits, (writer, name, trait) => { writer.WritePropertyName(name); trait.Value.WriteTo(writer); });

    public static string Times(IReadOnlyDictionary<string, TraitValue> traits) =>
        Write(traits, (writer, name, trait) => writer.WriteString(name, trait.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));

    public static Dictionary<string, TraitValue> Read(string values, string times)
    {
        var result = new Dictionary<string, TraitValue>(StringComparer.Ordinal);
        var timesRoot = JsonElement.Parse(times);
        foreach (var property in JsonElement.Parse(values).EnumerateObject())
        {
            var at = timesRoot.TryGetProperty(property.Name, out var time) ? time.GetDateTimeOffset() : DateTimeOffset.MinValue;
            result[property.Name] = new TraitValue(property.Value, at);
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

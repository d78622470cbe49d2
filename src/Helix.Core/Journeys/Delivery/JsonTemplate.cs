using System.Buffers;
using System.Text.Json;

namespace Helix.Core.Journeys.Delivery;

/// <summary>
/// A JSON body whose string values are Liquid templates (<c>{"to": "{{ phone }}", "text": "{{ message }}"}</c>), as an
/// SMS or push gateway's connection gives it. Rendering writes each rendered string with a JSON writer, so a value with
/// quotes or braces stays one string: a person's data can never change the body's structure. Names, numbers, booleans
/// and nulls are kept as given. A string that is exactly <c>{{ name }}</c> for one of the given JSON values (a push
/// message's <c>data</c> object) is replaced by that value.
/// </summary>
public static class JsonTemplate
{
    /// <summary>The path of each string value that is not a valid template, with the reason (empty when all parse).</summary>
    public static IReadOnlyList<(string Path, string Error)> Check(JsonElement template, string path)
    {
        var errors = new List<(string, string)>();
        Walk(template, path, errors);
        return errors;
    }

    /// <exception cref="TemplateException">A string value does not parse or cannot be rendered.</exception>
    public static byte[] Render(JsonElement template, TemplateModel model, IReadOnlyDictionary<string, JsonElement>? values = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, template, model, values ?? new Dictionary<string, JsonElement>());
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, TemplateModel model, IReadOnlyDictionary<string, JsonElement> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, model, values);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, model, values);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String when Slot(element.GetString()!) is { } name && values.TryGetValue(name, out var value):
                value.WriteTo(writer);
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(MessageTemplate.Render(element.GetString()!, model));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string? Slot(string text)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal) ? trimmed[2..^2].Trim() : null;
    }

    private static void Walk(JsonElement element, string path, List<(string, string)> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, $"{path}.{property.Name}", errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", errors);
                }

                break;
            case JsonValueKind.String when MessageTemplate.Check(element.GetString()!) is { } error:
                errors.Add((path, error));
                break;
        }
    }
}

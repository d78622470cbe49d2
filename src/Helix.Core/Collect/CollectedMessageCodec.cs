using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Core.Collect;

/// <summary>
/// The event-log encoding of a <see cref="CollectedMessage"/>: one compact JSON object per record with
/// a version field, so the format can evolve while old logs still replay.
/// </summary>
public static class CollectedMessageCodec
{
    private const int Version = 1;

    // The log is not HTML: keep Chinese text as UTF-8 rather than \uXXXX escapes (a third of the size).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Encode(CollectedMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("ws", message.WorkspaceId.Value);
            writer.WriteString("src", message.SourceId.Value);
            if (message.SourceTrust == SourceTrust.Untrusted)
            {
                writer.WriteString("trust", "untrusted");
            }
            writer.WriteString("mid", message.MessageId);
            writer.WriteString("type", message.Type.ToWire());
            WriteOptional(writer, "uid", message.UserId);
            WriteOptional(writer, "aid", message.AnonymousId);
            WriteOptional(writer, "ev", message.Event);
            WriteOptional(writer, "gid", message.GroupId);
            WriteOptional(writer, "pid", message.PreviousId);
            writer.WriteString("ts", message.Timestamp);
            if (message.OriginalTimestamp is { } original)
            {
                writer.WriteString("ots", original);
            }

            if (message.SentAt is { } sentAt)
            {
                writer.WriteString("sat", sentAt);
            }

            writer.WriteString("rat", message.ReceivedAt);
            WriteOptional(writer, "p", message.Properties);
            WriteOptional(writer, "tr", message.Traits);
            WriteOptional(writer, "ctx", message.Context);
            WriteOptional(writer, "int", message.Integrations);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="FormatException">The record is not a message of a known version.</exception>
    public static CollectedMessage Decode(ReadOnlySpan<byte> record)
    {
        JsonElement root;
        try
        {
            root = JsonElement.Parse(record);
        }
        catch (JsonException e)
        {
            throw new FormatException("An event-log record is not valid JSON.", e);
        }

        if (!root.TryGetProperty("v", out var version) || version.GetInt32() != Version)
        {
            throw new FormatException("An event-log record has an unknown version.");
        }

        if (!MessageTypes.TryParse(root.GetProperty("type").GetString(), out var type))
        {
            throw new FormatException("An event-log record has an unknown message type.");
        }

        return new CollectedMessage
        {
            WorkspaceId = new WorkspaceId(root.GetProperty("ws").GetString()!),
            SourceId = new SourceId(root.GetProperty("src").GetString()!),
            SourceTrust = OptionalString(root, "trust") == "untrusted" ? SourceTrust.Untrusted : SourceTrust.Trusted,
            MessageId = root.GetProperty("mid").GetString()!,
            Type = type,
            UserId = OptionalString(root, "uid"),
            AnonymousId = OptionalString(root, "aid"),
            Event = OptionalString(root, "ev"),
            GroupId = OptionalString(root, "gid"),
            PreviousId = OptionalString(root, "pid"),
            Timestamp = root.GetProperty("ts").GetDateTimeOffset(),
            OriginalTimestamp = root.TryGetProperty("ots", out var ots) ? ots.GetDateTimeOffset() : null,
            SentAt = root.TryGetProperty("sat", out var sat) ? sat.GetDateTimeOffset() : null,
            ReceivedAt = root.GetProperty("rat").GetDateTimeOffset(),
            Properties = OptionalElement(root, "p"),
            Traits = OptionalElement(root, "tr"),
            Context = OptionalElement(root, "ctx"),
            Integrations = OptionalElement(root, "int"),
        };
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, JsonElement? value)
    {
        if (value is { } element)
        {
            writer.WritePropertyName(name);
            element.WriteTo(writer);
        }
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static JsonElement? OptionalElement(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : null;
}

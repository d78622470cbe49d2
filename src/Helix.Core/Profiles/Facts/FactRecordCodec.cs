using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>The event-log encoding of a <see cref="FactRecord"/>: a fixed prefix tells it from messages and identity operations.</summary>
public static class FactRecordCodec
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static ReadOnlySpan<byte> Prefix => """{"v":1,"fact":"""u8;

    public static bool IsFactRecord(ReadOnlySpan<byte> record) => record.StartsWith(Prefix);

    public static byte[] Encode(FactRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("fact", Wire(record.Kind));
            writer.WriteString("id", record.Id);
            writer.WriteString("ws", record.WorkspaceId.Value);
            writer.WriteString("by", record.RequestedBy);
            writer.WriteString("at", record.RequestedAt);
            if (record.Kind == FactRecordKind.Definitions)
            {
                writer.WriteNumber("version", record.Version);
                writer.WritePropertyName("defs");
                writer.WriteRawValue(record.Definitions ?? "{}");
            }

            if (record.Tag is { } tag)
            {
                writer.WriteString("tag", tag);
            }

            if (record.Replace)
            {
                writer.WriteBoolean("replace", true);
            }

            if (record.Kind == FactRecordKind.TagList)
            {
                writer.WriteStartArray("ids");
                foreach (var id in record.Identifiers)
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(id.Type);
                    writer.WriteStringValue(id.Value);
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
            }

            if (record.Kind == FactRecordKind.ModelTags)
            {
                writer.WriteStartArray("values");
                foreach (var assignment in record.Assignments)
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(assignment.Person.Value);
                    writer.WriteStringValue(assignment.Value);
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="FormatException">The record is not a fact record this version knows.</exception>
    public static FactRecord Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var root = JsonElement.Parse(bytes);
            var kind = ParseKind(root.GetProperty("fact").GetString());
            return new FactRecord(
                root.GetProperty("id").GetString()!,
                new WorkspaceId(root.GetProperty("ws").GetString()!),
                kind,
                root.GetProperty("by").GetString()!,
                root.GetProperty("at").GetDateTimeOffset())
            {
                Version = root.TryGetProperty("version", out var version) ? version.GetInt32() : 0,
                Definitions = root.TryGetProperty("defs", out var defs) ? defs.GetRawText() : null,
                Tag = root.TryGetProperty("tag", out var tag) ? tag.GetString() : null,
                Replace = root.TryGetProperty("replace", out var replace) && replace.GetBoolean(),
                Identifiers = root.TryGetProperty("ids", out var ids)
                    ? [.. ids.EnumerateArray().Select(i => new Identifier(i[0].GetString()!, i[1].GetString()!))]
                    : [],
                Assignments = root.TryGetProperty("values", out var values)
                    ? [.. values.EnumerateArray().Select(v => new ModelTagAssignment(new PersonId(v[0].GetString()!), v[1].GetString()!))]
                    : [],
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new FormatException("An event-log record is not a valid fact record.", e);
        }
    }

    public static string Wire(FactRecordKind kind) => kind switch
    {
        FactRecordKind.Definitions => "definitions",
        FactRecordKind.TagList => "list",
        FactRecordKind.ModelTags => "model",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static FactRecordKind ParseKind(string? wire) => wire switch
    {
        "definitions" => FactRecordKind.Definitions,
        "list" => FactRecordKind.TagList,
        "model" => FactRecordKind.ModelTags,
        _ => throw new FormatException($"Unknown fact record '{wire}'."),
    };
}

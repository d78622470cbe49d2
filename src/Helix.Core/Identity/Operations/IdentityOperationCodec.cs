using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Operations;

/// <summary>
/// The event-log encoding of an <see cref="IdentityOperation"/>. Its records start with a fixed prefix,
/// so the pipeline tells them from messages without parsing every message twice.
/// </summary>
public static class IdentityOperationCodec
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static ReadOnlySpan<byte> Prefix => """{"v":1,"op":"""u8;

    public static bool IsOperation(ReadOnlySpan<byte> record) => record.StartsWith(Prefix);

    public static byte[] Encode(IdentityOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("op", Wire(operation.Kind));
            writer.WriteString("id", operation.OperationId);
            writer.WriteString("ws", operation.WorkspaceId.Value);
            if (operation.PersonId is { } person)
            {
                writer.WriteString("person", person.Value);
            }

            WriteIdentifier(writer, "from", operation.From);
            WriteIdentifier(writer, "to", operation.To);
            if (operation.Reverts is { } reverts)
            {
                writer.WriteString("reverts", reverts);
            }

            writer.WriteString("by", operation.RequestedBy);
            if (operation.Reason is { } reason)
            {
                writer.WriteString("reason", reason);
            }

            writer.WriteString("at", operation.RequestedAt);
            if (operation.Rules is { } rules)
            {
                writer.WritePropertyName("rules");
                writer.WriteRawValue(rules);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="FormatException">The record is not an identity operation this version knows.</exception>
    public static IdentityOperation Decode(ReadOnlySpan<byte> record)
    {
        try
        {
            var root = JsonElement.Parse(record);
            return new IdentityOperation(
                root.GetProperty("id").GetString()!,
                new WorkspaceId(root.GetProperty("ws").GetString()!),
                ParseKind(root.GetProperty("op").GetString()),
                root.TryGetProperty("person", out var person) ? new PersonId(person.GetString()!) : null,
                ReadIdentifier(root, "from"),
                ReadIdentifier(root, "to"),
                root.TryGetProperty("reverts", out var reverts) ? reverts.GetString() : null,
                root.GetProperty("by").GetString()!,
                root.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
                root.GetProperty("at").GetDateTimeOffset())
            {
                Rules = root.TryGetProperty("rules", out var rules) ? rules.GetRawText() : null,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("An event-log record is not a valid identity operation.", e);
        }
    }

    public static string Wire(IdentityOperationKind kind) => kind switch
    {
        IdentityOperationKind.Separate => "separate",
        IdentityOperationKind.Detach => "detach",
        IdentityOperationKind.Revert => "revert",
        IdentityOperationKind.Rules => "rules",
        IdentityOperationKind.Merge => "merge",
        IdentityOperationKind.Erase => "erase",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParseKind(string? wire, out IdentityOperationKind kind)
    {
        (var known, kind) = wire switch
        {
            "separate" => (true, IdentityOperationKind.Separate),
            "detach" => (true, IdentityOperationKind.Detach),
            "revert" => (true, IdentityOperationKind.Revert),
            "rules" => (true, IdentityOperationKind.Rules),
            "merge" => (true, IdentityOperationKind.Merge),
            "erase" => (true, IdentityOperationKind.Erase),
            _ => (false, default),
        };
        return known;
    }

    public static IdentityOperationKind ParseKind(string? wire) =>
        TryParseKind(wire, out var kind) ? kind : throw new FormatException($"Unknown identity operation '{wire}'.");

    private static void WriteIdentifier(Utf8JsonWriter writer, string name, Identifier? identifier)
    {
        if (identifier is { } id)
        {
            writer.WriteStartObject(name);
            writer.WriteString("type", id.Type);
            writer.WriteString("value", id.Value);
            writer.WriteEndObject();
        }
    }

    private static Identifier? ReadIdentifier(JsonElement root, string name) =>
        root.TryGetProperty(name, out var id)
            ? new Identifier(id.GetProperty("type").GetString()!, id.GetProperty("value").GetString()!)
            : null;
}

using System.Globalization;
using System.Text.Json;

namespace Helix.Core.Collect;

/// <summary>
/// Validates one Segment-spec message and turns it into a <see cref="CollectedMessage"/>. Pure: the
/// envelope brings the workspace, source and time of receipt. Reports every problem of a message at
/// once, each naming its field. The JSON members of the result borrow from the caller's document:
/// encode the message (<see cref="CollectedMessageCodec"/>) before disposing it.
/// </summary>
public static class MessageParser
{
    /// <param name="message">The message object.</param>
    /// <param name="path">How errors name the message, e.g. <c>batch[3]</c>, or empty for a single call.</param>
    /// <param name="impliedType">The type a single-call endpoint implies; null in a batch, where <c>type</c> is required.</param>
    /// <param name="newMessageId">Used when the message carries no <c>messageId</c>; such a message cannot be deduplicated on retry.</param>
    public static MessageParseResult Parse(
        JsonElement message,
        string path,
        MessageType? impliedType,
        CollectEnvelope envelope,
        Func<string> newMessageId)
    {
        var errors = new List<FieldError>();
        string Field(string name) => path.Length == 0 ? name : $"{path}.{name}";

        if (message.ValueKind != JsonValueKind.Object)
        {
            return MessageParseResult.Invalid([new FieldError(path.Length == 0 ? "$" : path, "must be a JSON object")]);
        }

        var type = ReadType(message, impliedType, Field("type"), errors);
        var messageId = ReadId(message, "messageId", Field("messageId"), errors);
        var userId = ReadId(message, "userId", Field("userId"), errors);
        var anonymousId = ReadId(message, "anonymousId", Field("anonymousId"), errors);
        if (userId is null && anonymousId is null && !HasError(errors, Field("userId"), Field("anonymousId")))
        {
            errors.Add(new FieldError(Field("userId"), "userId or anonymousId is required"));
        }

        string? eventName = null, groupId = null, previousId = null;
        switch (type)
        {
            case MessageType.Track:
                eventName = ReadString(message, "event", Field("event"), CollectLimits.MaxEventNameLength, errors);
                if (eventName is null && !HasError(errors, Field("event")))
                {
                    errors.Add(new FieldError(Field("event"), "is required for a track call"));
                }

                break;
            case MessageType.Page or MessageType.Screen:
                eventName = ReadString(message, "name", Field("name"), CollectLimits.MaxEventNameLength, errors);
                break;
            case MessageType.Group:
                groupId = ReadId(message, "groupId", Field("groupId"), errors);
                if (groupId is null && !HasError(errors, Field("groupId")))
                {
                    errors.Add(new FieldError(Field("groupId"), "is required for a group call"));
                }

                break;
            case MessageType.Alias:
                previousId = ReadId(message, "previousId", Field("previousId"), errors);
                if (previousId is null && !HasError(errors, Field("previousId")))
                {
                    errors.Add(new FieldError(Field("previousId"), "is required for an alias call"));
                }

                if (userId is null && !HasError(errors, Field("userId")))
                {
                    errors.Add(new FieldError(Field("userId"), "is required for an alias call"));
                }

                break;
        }

        var timestamp = ReadTime(message, "timestamp", Field("timestamp"), errors);
        var originalTimestamp = ReadTime(message, "originalTimestamp", Field("originalTimestamp"), errors);
        var sentAt = ReadTime(message, "sentAt", Field("sentAt"), errors);
        var properties = ReadObject(message, "properties", Field("properties"), errors);
        var traits = ReadObject(message, "traits", Field("traits"), errors);
        var context = ReadObject(message, "context", Field("context"), errors);
        var integrations = ReadObject(message, "integrations", Field("integrations"), errors);
        if (context is { } ctx && ctx.TryGetProperty("traits", out var contextTraits)
            && contextTraits.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            errors.Add(new FieldError(Field("context.traits"), "must be an object"));
        }

        if (errors.Count > 0 || type is null)
        {
            return MessageParseResult.Invalid(errors);
        }

        var clientTimestamp = originalTimestamp ?? timestamp;
        var effectiveSentAt = sentAt ?? envelope.BatchSentAt;
        return MessageParseResult.Valid(new CollectedMessage
        {
            WorkspaceId = envelope.WorkspaceId,
            SourceId = envelope.SourceId,
            SourceTrust = envelope.Trust,
            MessageId = messageId ?? newMessageId(),
            Type = type.Value,
            UserId = userId,
            AnonymousId = anonymousId,
            Event = eventName,
            GroupId = groupId,
            PreviousId = previousId,
            Timestamp = Timestamps.Corrected(clientTimestamp, effectiveSentAt, envelope.ReceivedAt),
            OriginalTimestamp = clientTimestamp,
            SentAt = effectiveSentAt,
            ReceivedAt = envelope.ReceivedAt,
            Properties = properties,
            Traits = traits,
            Context = context,
            Integrations = integrations,
        });
    }

    private static bool HasError(List<FieldError> errors, params string[] fields) =>
        errors.Exists(e => Array.IndexOf(fields, e.Field) >= 0);

    private static MessageType? ReadType(JsonElement message, MessageType? implied, string field, List<FieldError> errors)
    {
        if (!message.TryGetProperty("type", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (implied is null)
            {
                errors.Add(new FieldError(field, "is required: one of track, identify, page, screen, group, alias"));
            }

            return implied;
        }

        if (value.ValueKind != JsonValueKind.String || !MessageTypes.TryParse(value.GetString(), out var type))
        {
            errors.Add(new FieldError(field, "must be one of track, identify, page, screen, group, alias"));
            return null;
        }

        if (implied is { } expected && expected != type)
        {
            errors.Add(new FieldError(field, $"is '{type.ToWire()}' but this endpoint takes '{expected.ToWire()}'"));
            return null;
        }

        return type;
    }

    /// <summary>Ids may be strings or numbers (as Segment accepts); numbers are kept in their JSON text.</summary>
    private static string? ReadId(JsonElement message, string name, string field, List<FieldError> errors)
    {
        if (!message.TryGetProperty(name, out var value))
        {
            return null;
        }

        string? id = value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => Reject(errors, field, "must be a string or a number"),
        };
        if (id is null)
        {
            return null;
        }

        id = id.Trim();
        if (id.Length == 0)
        {
            return null;
        }

        if (id.Length > CollectLimits.MaxIdLength)
        {
            return Reject(errors, field, string.Create(CultureInfo.InvariantCulture, $"must be at most {CollectLimits.MaxIdLength} characters"));
        }

        return id;
    }

    private static string? ReadString(JsonElement message, string name, string field, int maxLength, List<FieldError> errors)
    {
        if (!message.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Reject(errors, field, "must be a string");
        }

        var text = value.GetString()!.Trim();
        if (text.Length > maxLength)
        {
            return Reject(errors, field, string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters"));
        }

        return text.Length == 0 ? null : text;
    }

    private static DateTimeOffset? ReadTime(JsonElement message, string name, string field, List<FieldError> errors)
    {
        if (!message.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && Timestamps.TryParse(value.GetString(), out var time))
        {
            return time;
        }

        errors.Add(new FieldError(field, "must be an ISO-8601 date-time string, e.g. 2026-11-23T08:30:00+08:00"));
        return null;
    }

    private static JsonElement? ReadObject(JsonElement message, string name, string field, List<FieldError> errors)
    {
        if (!message.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field, "must be an object"));
            return null;
        }

        return value;
    }

    private static string? Reject(List<FieldError> errors, string field, string reason)
    {
        errors.Add(new FieldError(field, reason));
        return null;
    }
}

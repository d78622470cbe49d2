using System.Text;
using System.Text.Json;

namespace Helix.Core.Collect;

/// <summary>Validates a <c>/v1/batch</c> body: <c>{ "batch": [...], "sentAt": ..., "writeKey": ... }</c>.</summary>
public static class BatchParser
{
    public static BatchParseResult Parse(JsonElement body, CollectEnvelope envelope, Func<string> newMessageId)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail(new FieldError("$", "must be a JSON object with a 'batch' array"));
        }

        if (!body.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array)
        {
            return Fail(new FieldError("batch", "is required and must be an array"));
        }

        if (batch.GetArrayLength() == 0)
        {
            return Fail(new FieldError("batch", "must contain at least one message"));
        }

        if (body.TryGetProperty("sentAt", out var sentAtElement) && sentAtElement.ValueKind != JsonValueKind.Null)
        {
            if (sentAtElement.ValueKind != JsonValueKind.String || !Timestamps.TryParse(sentAtElement.GetString(), out var sentAt))
            {
                return Fail(new FieldError("sentAt", "must be an ISO-8601 date-time string"));
            }

            envelope = envelope with { BatchSentAt = sentAt };
        }

        var messages = new List<CollectedMessage>(batch.GetArrayLength());
        var rejected = new List<RejectedItem>();
        var index = 0;
        foreach (var item in batch.EnumerateArray())
        {
            var path = $"batch[{index}]";
            if (Encoding.UTF8.GetByteCount(item.GetRawText()) > CollectLimits.MaxMessageBytes)
            {
                rejected.Add(new RejectedItem(index, MessageIdOf(item), [new FieldError(path, "exceeds the 32 KB limit for one message")], TooLarge: true));
            }
            else
            {
                var result = MessageParser.Parse(item, path, impliedType: null, envelope, newMessageId);
                if (result.Message is { } message)
                {
                    messages.Add(message);
                }
                else
                {
                    rejected.Add(new RejectedItem(index, MessageIdOf(item), result.Errors, TooLarge: false));
                }
            }

            index++;
        }

        return new BatchParseResult(messages, rejected, []);
    }

    private static string? MessageIdOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("messageId", out var id)
        && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    private static BatchParseResult Fail(FieldError error) => new([], [], [error]);
}

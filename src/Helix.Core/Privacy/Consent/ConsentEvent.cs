using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Collect;

namespace Helix.Core.Privacy.Consent;

/// <summary>
/// Consents travel as ordinary track events, so any channel can send them and the event log stays the one record:
/// <c>{"event": "Consent Updated", "properties": {"consents": [{"purpose": "marketing", "channel": "sms",
/// "granted": true}], "source": "store-pos"}}</c>. Erasure, merges and subject access treat them like any event.
/// </summary>
public static class ConsentEvent
{
    public const string Name = "Consent Updated";
    public const int MaxItems = 20;
    public const int MaxSourceLength = 200;

    /// <summary>One item of the <c>consents</c> list.</summary>
    public sealed record Item(ConsentTopic Topic, bool Granted);

    /// <summary>
    /// The statements a stored event makes. Items that are not well formed are left out one by one (collection accepts
    /// any properties; the API that writes consents checks them whole with <see cref="Parse"/>).
    /// </summary>
    public static IReadOnlyList<ConsentStatement> Read(JsonElement? properties, DateTimeOffset at, string sourceId, string messageId, long position)
    {
        if (properties is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("consents", out var consents))
        {
            return [];
        }

        var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() is { Length: > 0 and <= MaxSourceLength } text
            ? text
            : sourceId;
        var (items, _) = Parse(consents, "consents", stopAtFirstError: false);
        return [.. items.Select(i => new ConsentStatement(i.Topic, i.Granted, at, source, messageId, position))];
    }

    /// <summary>Reads a <c>consents</c> list; each malformed item is named (<c>consents[1].channel</c>) in the errors.</summary>
    public static (IReadOnlyList<Item> Items, IReadOnlyList<FieldError> Errors) Parse(JsonElement consents, string field, bool stopAtFirstError = true)
    {
        if (consents.ValueKind != JsonValueKind.Array || consents.GetArrayLength() is 0 or > MaxItems)
        {
            return ([], [new FieldError(field, $"must be a list of 1 to {MaxItems} items {{purpose, channel?, granted}}")]);
        }

        var items = new List<Item>();
        var errors = new List<FieldError>();
        var index = 0;
        foreach (var element in consents.EnumerateArray())
        {
            var at = $"{field}[{index++}]";
            if (ReadItem(element, at) is { } error)
            {
                errors.Add(error);
                if (stopAtFirstError)
                {
                    break;
                }

                continue;
            }

            ConsentTopic.TryCreate(Text(element, "purpose"), Text(element, "channel"), out var topic, out _);
            items.Add(new Item(topic, element.GetProperty("granted").GetBoolean()));
        }

        return (items, errors);
    }

    /// <summary>The properties of an event that records <paramref name="items"/>.</summary>
    public static JsonElement Properties(IEnumerable<Item> items, string? source)
    {
        var properties = new JsonObject
        {
            ["consents"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["purpose"] = i.Topic.Purpose,
                ["channel"] = i.Topic.Channel,
                ["granted"] = i.Granted,
            })]),
        };
        if (source is not null)
        {
            properties["source"] = source;
        }

        return JsonSerializer.SerializeToElement(properties);
    }

    private static FieldError? ReadItem(JsonElement element, string at)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new FieldError(at, "must be an object {purpose, channel?, granted}");
        }

        if (!element.TryGetProperty("granted", out var granted) || granted.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return new FieldError($"{at}.granted", "is required: true (given) or false (refused or withdrawn)");
        }

        if (element.TryGetProperty("channel", out var channel) && channel.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return new FieldError($"{at}.channel", "must be a string");
        }

        var purpose = Text(element, "purpose");
        if (purpose is null || !ConsentTopic.Purposes.Contains(purpose, StringComparer.Ordinal))
        {
            return new FieldError($"{at}.purpose", $"must be one of {string.Join(", ", ConsentTopic.Purposes)}");
        }

        return ConsentTopic.TryCreate(purpose, Text(element, "channel"), out _, out var reason)
            ? null
            : new FieldError($"{at}.channel", reason!);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

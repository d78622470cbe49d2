using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Tags;

namespace Helix.Core.ComputedTraits;

/// <summary>The event filter's fields: <c>event</c> and <c>where</c>.</summary>
public static partial class ComputedTraitSpec
{
    public const int MaxConditions = 20;
    public const int MaxInValues = 100;
    public const int MaxEventNameLength = 200;

    internal static string[] ParseEvents(JsonElement element, string field, List<FieldError> errors)
    {
        if (!element.TryGetProperty("event", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value],
            JsonValueKind.Array => value.EnumerateArray().ToArray(),
            _ => null,
        };
        if (names is not { Length: > 0 and <= MaxEvents } || !names.All(n => n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 and <= MaxEventNameLength }))
        {
            errors.Add(new FieldError(field, $"is an event name or an array of 1 to {MaxEvents} names, each 1 to {MaxEventNameLength} characters"));
            return [];
        }

        return [.. names.Select(n => n.GetString()!)];
    }

    internal static PropertyCondition[] ParseWhere(JsonElement element, string field, List<FieldError> errors)
    {
        if (!element.TryGetProperty("where", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxConditions)
        {
            errors.Add(new FieldError(field, $"is an array of at most {MaxConditions} conditions such as {{\"property\": \"total\", \"op\": \"gte\", \"value\": 500}}"));
            return [];
        }

        var conditions = new List<PropertyCondition>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (ParseCondition(item, $"{field}[{i++}]", errors) is { } condition)
            {
                conditions.Add(condition);
            }
        }

        return [.. conditions];
    }

    private static PropertyCondition? ParseCondition(JsonElement item, string field, List<FieldError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field, "is a condition: an object with property, op and value"));
            return null;
        }

        var before = errors.Count;
        foreach (var unknown in item.EnumerateObject().Where(p => p.Name is not ("property" or "op" or "value")))
        {
            errors.Add(new FieldError($"{field}.{unknown.Name}", "is not a condition field; the fields are property, op, value"));
        }

        var property = OptionalString(item, "property", field, errors);
        if (property is null || !IsPropertyPath(property))
        {
            errors.Add(new FieldError($"{field}.property", "is required: a property name under properties, dotted for nested objects (address.city), without []"));
        }

        if (!WireNames.TryParse<ConditionOp>(OptionalString(item, "op", field, errors), out var op) || !PropertyCondition.Operators.Contains(op))
        {
            errors.Add(new FieldError($"{field}.op", $"is required: one of {string.Join(", ", PropertyCondition.Operators.Select(WireNames.Of))}"));
        }

        JsonElement? operand = item.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null ? v.Clone() : null;
        if (errors.Count == before && OperandProblem(op, operand) is { } problem)
        {
            errors.Add(new FieldError($"{field}.value", problem));
        }

        return errors.Count == before ? new PropertyCondition(property!, op, operand) : null;
    }

    /// <summary>A property name under <c>properties</c>, dotted for nested objects, without <c>[]</c>.</summary>
    internal static bool IsPropertyPath(string property) =>
        property.Length is > 0 and <= ValuePath.MaxLength && !property.Split('.').Any(p => p.Length == 0 || p.AsSpan().IndexOfAny("[]") >= 0);

    /// <summary>Why <paramref name="operand"/> does not suit <paramref name="op"/>; null when it does.</summary>
    internal static string? OperandProblem(ConditionOp op, JsonElement? operand) => op switch
    {
        ConditionOp.Exists => operand is null or { ValueKind: JsonValueKind.True or JsonValueKind.False } ? null : "is true or false for exists (default true)",
        ConditionOp.In => operand is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() is > 0 and <= MaxInValues && list.EnumerateArray().All(IsScalar)
            ? null
            : $"is an array of 1 to {MaxInValues} strings, numbers or booleans for in",
        ConditionOp.Eq or ConditionOp.Ne => operand is { } e && IsScalar(e) ? null : "is required: a string, number or boolean",
        _ => operand is { ValueKind: JsonValueKind.Number or JsonValueKind.String } ? null : "is required: a number or a string to compare with",
    };

    private static bool IsScalar(JsonElement value) => value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    internal static void WriteEvents(Utf8JsonWriter writer, IReadOnlyList<string> events)
    {
        if (events.Count == 1)
        {
            writer.WriteString("event", events[0]);
        }
        else if (events.Count > 1)
        {
            writer.WriteStartArray("event");
            foreach (var name in events)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }
    }

    internal static void WriteWhere(Utf8JsonWriter writer, IReadOnlyList<PropertyCondition> where)
    {
        if (where.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("where");
        foreach (var condition in where)
        {
            writer.WriteStartObject();
            writer.WriteString("property", condition.Property);
            writer.WriteString("op", WireNames.Of(condition.Op));
            if (condition.Value is { } value)
            {
                writer.WritePropertyName("value");
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A track event filter on its own: <c>{"event": name or names, "where": [...]}</c> (an analytics step, a journey trigger).</summary>
    internal static EventFilter? ParseEventFilter(JsonElement element, string field, List<FieldError> errors)
    {
        if (TagSpec.Members(element, field, "is an event: {\"event\": name, \"where\": [...]}", errors) is not { } members)
        {
            return null;
        }

        var before = errors.Count;
        TagSpec.Unexpected(members, ["event", "where"], field, "an event", errors);
        var events = ParseEvents(element, TagSpec.Path(field, "event"), errors);
        if (events.Length == 0 && errors.Count == before)
        {
            errors.Add(new FieldError(TagSpec.Path(field, "event"), "is required: an event name or a list of names"));
        }

        var where = ParseWhere(element, TagSpec.Path(field, "where"), errors);
        return errors.Count > before ? null : new EventFilter(MessageType.Track, events, where);
    }
}

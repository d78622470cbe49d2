using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helix.Core.Collect;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// The JSON form of a <see cref="ComputedTraitDefinition"/>:
/// <c>{"name": "spend_365d", "function": "sum", "type": "track", "event": "Order Completed",
/// "where": [{"property": "total", "op": "gte", "value": 500}], "of": "properties.total", "window": "365d",
/// "description": "…"}</c>. <c>type</c> defaults to track (<c>any</c>: every type); <c>event</c> is a
/// name or an array of names (absent: any name). <c>window</c> is <c>Nd</c> (calendar days, 1 to 3650)
/// or <c>Nh</c> (hours, 1 to 8760, not a whole number of days: those are written as days, which count
/// calendar days). Unknown fields are rejected so a typo does not silently widen a trait.
/// </summary>
public static partial class ComputedTraitSpec
{
    public const int MaxEvents = 50;
    public const int MaxDescriptionLength = 500;

    private static readonly Regex NamePattern = new("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static readonly string[] Fields = ["name", "function", "type", "event", "where", "subtract", "of", "window", "description"];

    private static readonly string[] SubtractFields = ["event", "where"];

    private static readonly Dictionary<string, MessageType?> Types = new(StringComparer.Ordinal)
    {
        ["track"] = MessageType.Track,
        ["page"] = MessageType.Page,
        ["screen"] = MessageType.Screen,
        ["identify"] = MessageType.Identify,
        ["any"] = null,
    };

    /// <summary>The definition <paramref name="element"/> describes, or every bad field under <paramref name="field"/> (such as <c>computedTraits[2]</c>).</summary>
    public static (ComputedTraitDefinition? Definition, IReadOnlyList<FieldError> Errors) Parse(JsonElement element, string field)
    {
        var errors = new List<FieldError>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field, "is a computed trait: an object with name, function and event"));
            return (null, errors);
        }

        foreach (var property in element.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(new FieldError($"{field}.{property.Name}", $"is not a computed trait field; the fields are {string.Join(", ", Fields)}"));
        }

        var name = OptionalString(element, "name", field, errors);
        if (name is null || !NamePattern.IsMatch(name))
        {
            errors.Add(new FieldError($"{field}.name", "is required: a lower-case letter, then up to 63 lower-case letters, digits or underscores"));
        }

        AggregateFunction? function = null;
        if (WireNames.TryParse<AggregateFunction>(OptionalString(element, "function", field, errors), out var parsedFunction))
        {
            function = parsedFunction;
        }
        else
        {
            errors.Add(new FieldError($"{field}.function", $"is required: one of {WireNames.List<AggregateFunction>()}"));
        }

        var type = (MessageType?)MessageType.Track;
        if (OptionalString(element, "type", field, errors) is { } t && !Types.TryGetValue(t, out type))
        {
            errors.Add(new FieldError($"{field}.type", $"is one of {string.Join(", ", Types.Keys)}"));
        }

        var events = ParseEvents(element, $"{field}.event", errors);
        if (type == MessageType.Identify && events.Length > 0)
        {
            errors.Add(new FieldError($"{field}.event", "identify calls have no event name: leave event out"));
        }

        var where = ParseWhere(element, $"{field}.where", errors);
        var subtract = ParseSubtract(element, function, $"{field}.subtract", errors);
        var of = ParseOf(element, function, field, errors);
        var window = ParseWindow(element, field, errors);
        var description = OptionalString(element, "description", field, errors);
        if (description is { Length: > MaxDescriptionLength })
        {
            errors.Add(new FieldError($"{field}.description", $"is at most {MaxDescriptionLength} characters"));
        }

        // A field that is wrong twice over (not a string, so not a valid name either) is reported once.
        return errors.Count > 0
            ? (null, [.. errors.DistinctBy(e => e.Field)])
            : (new ComputedTraitDefinition(name!, function!.Value, new EventFilter(type, events, where), of, window, description, subtract), errors);
    }

    public static void Write(Utf8JsonWriter writer, ComputedTraitDefinition definition)
    {
        writer.WriteStartObject();
        writer.WriteString("name", definition.Name);
        writer.WriteString("function", WireNames.Of(definition.Function));
        if (definition.Filter.Type != MessageType.Track)
        {
            writer.WriteString("type", Types.First(t => t.Value == definition.Filter.Type).Key);
        }

        WriteEvents(writer, definition.Filter.Events);
        WriteWhere(writer, definition.Filter.Where);
        if (definition.Subtract is { } subtract)
        {
            writer.WriteStartObject("subtract");
            WriteEvents(writer, subtract.Events);
            WriteWhere(writer, subtract.Where);
            writer.WriteEndObject();
        }

        if (definition.Of is { } of)
        {
            writer.WriteString("of", of.Text);
        }

        if (definition.Window is { } window)
        {
            writer.WriteString("window", FormatWindow(window));
        }

        if (definition.Description is { } description)
        {
            writer.WriteString("description", description);
        }

        writer.WriteEndObject();
    }

    /// <summary><c>90d</c> or <c>12h</c>: whole days are written in days, since days and hours bucket differently.</summary>
    public static string FormatWindow(TimeSpan window)
    {
        var buckets = BucketWindow.Of(window)!.Value;
        return string.Create(CultureInfo.InvariantCulture, $"{buckets.Length}{(buckets.Daily ? 'd' : 'h')}");
    }

    /// <summary><c>"subtract": {"event": "Order Refunded", "where": […]}</c>: track events whose values a sum takes away.</summary>
    private static EventFilter? ParseSubtract(JsonElement element, AggregateFunction? function, string field, List<FieldError> errors)
    {
        if (!element.TryGetProperty("subtract", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (function is not (null or AggregateFunction.Sum))
        {
            errors.Add(new FieldError(field, "only a sum can subtract events (net spend: orders minus refunds)"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(field, "is an object with the event to subtract, such as {\"event\": \"Order Refunded\"}"));
            return null;
        }

        foreach (var property in value.EnumerateObject().Where(p => !SubtractFields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(new FieldError($"{field}.{property.Name}", "is not a subtract field; the fields are event and where"));
        }

        var events = ParseEvents(value, $"{field}.event", errors);
        if (events.Length == 0)
        {
            errors.Add(new FieldError($"{field}.event", "is required: the event names whose values are subtracted"));
        }

        return new EventFilter(MessageType.Track, events, ParseWhere(value, $"{field}.where", errors));
    }

    private static ValuePath? ParseOf(JsonElement element, AggregateFunction? function, string field, List<FieldError> errors)
    {
        var text = OptionalString(element, "of", field, errors);
        if (text is null)
        {
            if (function is not (null or AggregateFunction.Count or AggregateFunction.First or AggregateFunction.Last) && !element.TryGetProperty("of", out _))
            {
                errors.Add(new FieldError($"{field}.of", "is required for this function: the value to aggregate, such as properties.total"));
            }

            return null;
        }

        var path = ValuePath.TryParse(text, out var reason);
        if (path is null)
        {
            errors.Add(new FieldError($"{field}.of", reason!));
        }

        return path;
    }

    private static TimeSpan? ParseWindow(JsonElement element, string field, List<FieldError> errors)
    {
        if (OptionalString(element, "window", field, errors) is not { } text)
        {
            return null;
        }

        var window = TryParseWindow(text, out var reason);
        if (window is null)
        {
            errors.Add(new FieldError($"{field}.window", reason!));
        }

        return window;
    }

    /// <summary>
    /// <c>Nd</c> (calendar days, 1 to 3650) or <c>Nh</c> (hours, 1 to 8760, not a whole number of days), or null and
    /// the reason. Shared with the audience language, whose <c>within 30d</c> counts days exactly as a computed trait does.
    /// </summary>
    internal static TimeSpan? TryParseWindow(string text, out string? reason)
    {
        var unit = text.Length > 1 ? text[^1] : ' ';
        var valid = int.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var count);
        TimeSpan? window = (unit, count) switch
        {
            ('d', >= 1 and <= 3650) when valid => TimeSpan.FromDays(count),
            ('h', >= 1 and <= 8760) when valid && count % 24 != 0 => TimeSpan.FromHours(count),
            _ => null,
        };
        reason = window is not null ? null
            : valid && unit == 'h' && count % 24 == 0 && count is >= 1 and <= 8760
                ? $"write {count / 24}d: a whole number of days counts calendar days in workspace time"
                : "is Nd (calendar days, 1 to 3650) or Nh (hours, 1 to 8760), such as 90d or 12h";
        return window;
    }

    /// <summary>The string at <paramref name="name"/>; null when absent, and an error when it is not a string.</summary>
    private static string? OptionalString(JsonElement element, string name, string field, List<FieldError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError($"{field}.{name}", "is a string"));
            return null;
        }

        return value.GetString();
    }
}

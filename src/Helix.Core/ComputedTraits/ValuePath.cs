using System.Globalization;
using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// What a computed trait aggregates from an event: <c>properties.total</c>,
/// <c>properties.products[].category</c> (one value per array item), <c>context.page.path</c>,
/// <c>source</c> (the source id), <c>event</c> (the event name), <c>hour</c> (0-23) and <c>weekday</c>
/// (1 = Monday … 7 = Sunday) in workspace time, or <c>timestamp</c> (ISO 8601 in UTC, such as <c>2026-11-01T02:00:00.0000000Z</c>).
/// Only scalar leaves are values: objects, arrays and nulls at the end of a path yield nothing.
/// </summary>
public sealed record ValuePath
{
    public const int MaxLength = 256;
    public const int MaxDepth = 8;

    private readonly string _root;
    private readonly (string Name, bool FanOut)[] _segments;

    private ValuePath(string text, string root, (string Name, bool FanOut)[] segments)
    {
        Text = text;
        _root = root;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>The path <paramref name="text"/> names.</summary>
    /// <exception cref="ArgumentException">Not a valid path; the message says why.</exception>
    public static ValuePath Parse(string text) => TryParse(text, out var reason) ?? throw new ArgumentException(reason, nameof(text));

    /// <summary>The path <paramref name="text"/> names, or null and the reason in plain words.</summary>
    public static ValuePath? TryParse(string text, out string? reason)
    {
        reason = null;
        if (text is "source" or "event" or "hour" or "weekday" or "timestamp")
        {
            return new ValuePath(text, text, []);
        }

        var parts = text.Split('.');
        if (text.Length > MaxLength || parts[0] is not ("properties" or "context"))
        {
            reason = "is source, event, hour, weekday, timestamp, or a path under properties. or context. such as properties.total";
            return null;
        }

        if (parts.Length < 2 || parts.Length - 1 > MaxDepth)
        {
            reason = $"names 1 to {MaxDepth} fields after {parts[0]}, separated by dots";
            return null;
        }

        var segments = new (string, bool)[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
        {
            var fanOut = parts[i].EndsWith("[]", StringComparison.Ordinal);
            var name = fanOut ? parts[i][..^2] : parts[i];
            if (name.Length == 0 || name.AsSpan().IndexOfAny("[]") >= 0)
            {
                reason = $"'{parts[i]}' is not a field name: a field is non-empty, and [] may only end it to take every item of an array";
                return null;
            }

            segments[i - 1] = (name, fanOut);
        }

        return new ValuePath(text, parts[0], segments);
    }

    /// <summary>The values of this path in <paramref name="message"/> as <see cref="ScalarKey"/>s; several when it fans out over arrays.</summary>
    internal IEnumerable<string> Keys(CollectedMessage message)
    {
        var values = new List<PathValue>();
        Collect(message, values);
        return values.Select(v => v.Key);
    }

    /// <summary>
    /// Adds this path's values in <paramref name="message"/> to <paramref name="into"/> without building their
    /// keys: a sum reads numbers straight from the JSON, once per event and trait, on the pipeline's hot path.
    /// </summary>
    internal void Collect(CollectedMessage message, List<PathValue> into)
    {
        switch (_root)
        {
            case "source":
                into.Add(PathValue.OfText(message.SourceId.Value));
                break;
            case "event":
                if (message.Event is { } name)
                {
                    into.Add(PathValue.OfText(name));
                }

                break;
            case "hour":
                into.Add(PathValue.OfNumber(message.Timestamp.ToOffset(WorkspaceTime.Offset).Hour));
                break;
            case "weekday":
                var day = message.Timestamp.ToOffset(WorkspaceTime.Offset).DayOfWeek;
                into.Add(PathValue.OfNumber(day == DayOfWeek.Sunday ? 7 : (int)day));
                break;
            case "timestamp":
                into.Add(PathValue.OfText(TimestampText(message.Timestamp)));
                break;
            case "properties":
                Walk(message.Properties, 0, into);
                break;
            default:
                Walk(message.Context, 0, into);
                break;
        }
    }

    /// <summary>The key of an event time: its ISO 8601 text in UTC.</summary>
    internal static string Timestamp(DateTimeOffset at) => ScalarKey.String(TimestampText(at));

    internal static string TimestampText(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private void Walk(JsonElement? element, int depth, List<PathValue> into)
    {
        if (element is not { } current)
        {
            return;
        }

        if (depth == _segments.Length)
        {
            if (current.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                into.Add(PathValue.OfElement(current));
            }

            return;
        }

        var (name, fanOut) = _segments[depth];
        if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out var child))
        {
            return;
        }

        if (!fanOut)
        {
            Walk(child, depth + 1, into);
        }
        else if (child.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in child.EnumerateArray())
            {
                Walk(item, depth + 1, into);
            }
        }
    }

    // The parsed parts follow from the text, so the text alone decides equality.
    public bool Equals(ValuePath? other) => other is not null && Text == other.Text;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text;
}

using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Models;
using Helix.Core.Tags;

namespace Helix.Core.Audiences.Segments;

/// <summary>
/// The JSON form of a saved segment, one element of the definitions' <c>segments</c> array:
/// <c>{"name": "winback", "description": "…", "mode": "realtime", "when": {…}}</c>. <c>when</c> is the audience
/// condition in its JSON form, or its text form as a string (<c>"when": "tag(\"rfm\") = \"at_risk\""</c>); it is
/// always written back as JSON. Scheduled segments may give a <c>schedule</c> (cron, workspace time).
/// </summary>
public static class SegmentSpec
{
    private static readonly string[] Fields = ["name", "description", "mode", "schedule", "when"];

    public static (SegmentDefinition? Segment, IReadOnlyList<FieldError> Errors) Parse(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError(field, "must be an object with name, mode and when (none for a static segment)")]);
        }

        var errors = new List<FieldError>();
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
            {
                errors.Add(new FieldError(TagSpec.Path(field, property.Name), "is not a field of a segment: name, description, mode, schedule, when"));
            }

            members[property.Name] = property.Value;
        }

        var name = TagSpec.RequiredName(members, "name", field, errors);
        string? description = null;
        if (members.TryGetValue("description", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind == JsonValueKind.String && d.GetString()!.Length <= 500)
            {
                description = d.GetString();
            }
            else
            {
                errors.Add(new FieldError(TagSpec.Path(field, "description"), "is a text of at most 500 characters"));
            }
        }

        var mode = SegmentMode.Realtime;
        if (members.TryGetValue("mode", out var m))
        {
            switch (m.ValueKind == JsonValueKind.String ? m.GetString() : null)
            {
                case "realtime": mode = SegmentMode.Realtime; break;
                case "scheduled": mode = SegmentMode.Scheduled; break;
                case "static": mode = SegmentMode.Static; break;
                default: errors.Add(new FieldError(TagSpec.Path(field, "mode"), "must be \"realtime\", \"scheduled\" or \"static\"")); break;
            }
        }

        string? schedule = null;
        if (members.TryGetValue("schedule", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            schedule = s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (mode != SegmentMode.Scheduled)
            {
                errors.Add(new FieldError(TagSpec.Path(field, "schedule"), "is for scheduled segments only: a real-time segment is always current"));
            }
            else if (schedule is null || schedule.Length > 100 || !ModelSettings.IsCron(schedule))
            {
                errors.Add(new FieldError(TagSpec.Path(field, "schedule"), "must be a five-field cron expression in workspace time, e.g. \"0 3 * * *\""));
            }
        }

        Condition? when = null;
        if (mode != SegmentMode.Static)
        {
            (when, var whenErrors) = ParseCondition(members.TryGetValue("when", out var w) ? w : null, TagSpec.Path(field, "when"));
            errors.AddRange(whenErrors);
        }
        else if (members.ContainsKey("when"))
        {
            errors.Add(new FieldError(TagSpec.Path(field, "when"), "is not for a static segment: its members are set as a list"));
        }

        return errors.Count > 0 ? (null, errors) : (new SegmentDefinition(name!, description, mode, when, schedule), []);
    }

    public static void Write(Utf8JsonWriter writer, SegmentDefinition segment)
    {
        writer.WriteStartObject();
        writer.WriteString("name", segment.Name);
        if (segment.Description is not null)
        {
            writer.WriteString("description", segment.Description);
        }

        writer.WriteString("mode", ModeName(segment.Mode));
        if (segment.Schedule is not null)
        {
            writer.WriteString("schedule", segment.Schedule);
        }

        if (segment.When is { } when)
        {
            writer.WritePropertyName("when");
            AudienceSpec.Write(writer, when);
        }

        writer.WriteEndObject();
    }

    public static string ModeName(SegmentMode mode) => mode switch
    {
        SegmentMode.Realtime => "realtime",
        SegmentMode.Scheduled => "scheduled",
        _ => "static",
    };

    /// <summary>
    /// A condition as a segment or an estimate gives it in <c>when</c>: JSON, or text whose syntax error is reported at
    /// <paramref name="field"/> with line, column and hint. Null <paramref name="when"/>: the field is missing.
    /// </summary>
    public static (Condition? Condition, IReadOnlyList<FieldError> Errors) ParseCondition(JsonElement? when, string field)
    {
        if (when is not { } element)
        {
            return (null, [new FieldError(field, "is required: the audience condition, as JSON or as text")]);
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return AudienceSpec.Parse(element, field);
        }

        var parsed = AudienceText.Parse(element.GetString()!);
        return parsed.Error is { } error ? (null, [new FieldError(field, error.ToString())]) : (parsed.Condition, []);
    }
}

using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Tags;

namespace Helix.Core.Journeys;

/// <summary>
/// Reads a journey definition from JSON and checks it whole: every field (errors name it, e.g. <c>steps[2].next</c>),
/// then the graph (known targets, every step reachable from <c>start</c>, no cycles, so every path ends at an exit).
/// </summary>
public static partial class JourneySpec
{
    private static readonly string[] Fields = ["name", "description", "entry", "reentry", "goal", "holdout", "quietHours", "whenBlocked", "start", "steps"];

    public static (JourneyDefinition? Journey, IReadOnlyList<FieldError> Errors) Parse(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (TagSpec.Members(element, "", "is a journey: a JSON object", errors) is not { } members)
        {
            return (null, errors);
        }

        TagSpec.Unexpected(members, Fields, "", "a journey", errors);
        var name = TagSpec.RequiredName(members, "name", "", errors);
        var description = Text(members, "description", 500, errors);
        var entry = members.TryGetValue("entry", out var e) ? ParseEntry(e, errors) : Missing<JourneyEntry>("entry", "is required: what puts a person in the journey", errors);
        var reentry = members.TryGetValue("reentry", out var r) ? ParseReentry(r, errors) : JourneyReentry.Never;
        var goal = members.TryGetValue("goal", out var g) && g.ValueKind != JsonValueKind.Null ? ParseGoal(g, errors) : null;
        var holdout = Holdout(members, errors);
        var sending = new JourneySending(
            members.TryGetValue("quietHours", out var q) && q.ValueKind != JsonValueKind.Null ? ParseQuietHours(q, errors) : null,
            WhenBlocked(members, errors));
        var steps = members.TryGetValue("steps", out var s) ? ParseSteps(s, errors) : Missing<List<JourneyStep>>("steps", "is required: the list of steps", errors);
        var start = members.TryGetValue("start", out var st) && st.ValueKind == JsonValueKind.String ? st.GetString()! : null;
        if (start is null)
        {
            errors.Add(new FieldError("start", "is required: the id of the first step"));
        }

        if (errors.Count == 0)
        {
            JourneyGraph.Check(start!, steps!, errors);
        }

        return errors.Count > 0
            ? (null, errors)
            : (new JourneyDefinition(name!, description, entry!, reentry, goal, holdout, sending, start!, steps!), errors);
    }

    private static T? Missing<T>(string field, string reason, List<FieldError> errors)
        where T : class
    {
        errors.Add(new FieldError(field, reason));
        return null;
    }

    /// <summary>The member, or null and "is required: …" at <paramref name="field"/>.</summary>
    private static JsonElement? Required(Dictionary<string, JsonElement> members, string name, string field, string what, List<FieldError> errors)
    {
        if (members.TryGetValue(name, out var element) && element.ValueKind != JsonValueKind.Null)
        {
            return element;
        }

        errors.Add(new FieldError(field, $"is required: {what}"));
        return null;
    }

    /// <summary>A copy of the object with only the named members: the event filter parser refuses members it does not know.</summary>
    private static JsonElement Only(JsonElement element, params string[] names)
    {
        var copy = new System.Text.Json.Nodes.JsonObject();
        foreach (var property in element.EnumerateObject().Where(p => names.Contains(p.Name, StringComparer.Ordinal)))
        {
            copy[property.Name] = System.Text.Json.Nodes.JsonNode.Parse(property.Value.GetRawText());
        }

        return JsonSerializer.SerializeToElement(copy);
    }

    private static string? Text(Dictionary<string, JsonElement> members, string field, int maxLength, List<FieldError> errors)
    {
        if (!members.TryGetValue(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text && text.Length <= maxLength)
        {
            return text;
        }

        errors.Add(new FieldError(field, $"is a text of 1 to {maxLength} characters"));
        return null;
    }

    private static double Holdout(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        if (!members.TryGetValue("holdout", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var share) && share is >= 0 and <= JourneyDefinition.MaxHoldout)
        {
            return share;
        }

        errors.Add(new FieldError("holdout", $"is the share of entrants kept out of every send, from 0 to {JourneyDefinition.MaxHoldout}"));
        return 0;
    }

    private static BlockedSend WhenBlocked(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        if (!members.TryGetValue("whenBlocked", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return BlockedSend.Skip;
        }

        if (element.ValueKind == JsonValueKind.String && WireNames.TryParse(element.GetString()!, out BlockedSend blocked))
        {
            return blocked;
        }

        errors.Add(new FieldError("whenBlocked", "is skip (the send is dropped) or postpone (it goes when quiet hours end or the cap allows)"));
        return BlockedSend.Skip;
    }

    /// <summary>An exact duration field (<c>72h</c>, <c>3d</c>, <c>30m</c>) of at most <paramref name="max"/>.</summary>
    private static TimeSpan? Duration(JsonElement element, string field, TimeSpan max, List<FieldError> errors)
    {
        if (element.ValueKind == JsonValueKind.String && Durations.TryParseExact(element.GetString()!, out var duration) && duration <= max)
        {
            return duration;
        }

        errors.Add(new FieldError(field, $"is an exact duration such as 72h, 3d or 30m, at most {max.TotalDays:0} days"));
        return null;
    }

    private static TimeOnly? Time(JsonElement element, string field, List<FieldError> errors)
    {
        if (element.ValueKind == JsonValueKind.String
            && TimeOnly.TryParseExact(element.GetString(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors.Add(new FieldError(field, "is a time of day, HH:mm (24-hour, workspace time)"));
        return null;
    }
}

using System.Text.Json;
using Helix.Core.Analytics.Experiments;
using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Analytics;

/// <summary>The experiment query (docs/experiments.md).</summary>
public static partial class AnalyticsSpec
{
    private static readonly string[] ExperimentFields =
        ["from", "to", "timeZone", "arms", "exposure", "control", "conversion", "windowDays", "metric", "cuped", "alpha", "power", "minimumDetectableEffect", "segment"];

    /// <summary>
    /// <c>from</c>, <c>to</c>, <c>timeZone</c>; cohort <c>arms</c> (<c>[{"name", "segment", "weight"}]</c>) or an
    /// <c>exposure</c> (<c>{"event", "where", "arm": property}</c>, with optional <c>arms</c> naming the expected arms);
    /// <c>control</c>, <c>conversion</c>, <c>windowDays</c>, <c>metric</c>, <c>cuped</c>, <c>alpha</c>, <c>power</c>,
    /// <c>minimumDetectableEffect</c>, <c>segment</c>.
    /// </summary>
    public static (ExperimentQuery? Query, IReadOnlyList<FieldError> Errors) ParseExperiment(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (TagSpec.Members(element, "", "is an experiment query: a JSON object", errors) is not { } members)
        {
            return (null, errors);
        }

        TagSpec.Unexpected(members, ExperimentFields, "", "an experiment query", errors);
        var range = ParseRange(members, [AnalyticsInterval.Day], errors);
        var exposure = Member(members, "exposure") is { } x ? ParseExposure(x, errors) : null;
        var arms = ParseArms(members, cohort: Member(members, "exposure") is null, errors);
        var control = Member(members, "control") is { ValueKind: JsonValueKind.String } c ? c.GetString()! : null;
        if (control is null || (arms.Count > 0 && !arms.Any(a => a.Name == control)))
        {
            errors.Add(new FieldError("control", "is required: the name of the control arm, one of arms"));
        }

        var conversion = Member(members, "conversion") is { } v ? ParseEvent(v, "conversion", errors) : Required("conversion", errors);
        var window = Whole(members, "windowDays", 7, ExperimentQuery.MaxWindowDays, errors);
        if (exposure is null && Member(members, "windowDays") is not null)
        {
            errors.Add(new FieldError("windowDays", "applies to exposure arms only: cohort arms convert within the range"));
        }

        var metric = Member(members, "metric") is { } m ? PropertyPath(m, "metric", errors) : null;
        int? cuped = Member(members, "cuped") is null ? null : Whole(members, "cuped", 0, ExperimentQuery.MaxCupedDays, errors);
        var alpha = Fraction(members, "alpha", 0.05, 0.5, errors);
        var power = Fraction(members, "power", 0.8, 0.9999, errors);
        double? mde = null;
        if (Member(members, "minimumDetectableEffect") is { } e)
        {
            mde = e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) && double.IsFinite(d) && d != 0 && Math.Abs(d) <= 1e15 ? d : null;
            if (mde is null)
            {
                errors.Add(new FieldError("minimumDetectableEffect", "is a non-zero absolute effect: a rate difference such as 0.02, or a difference of the metric's mean"));
            }
        }

        var segment = ParseSegment(members, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new ExperimentQuery(range!, arms, exposure, control!, conversion!, window, metric, cuped, alpha, power, mde, segment), errors);
    }

    private static ExperimentExposure? ParseExposure(JsonElement element, List<FieldError> errors)
    {
        if (TagSpec.Members(element, "exposure", "is {\"event\": name, \"where\": [...], \"arm\": property}", errors) is not { } fields)
        {
            return null;
        }

        var before = errors.Count;
        TagSpec.Unexpected(fields, ["event", "where", "arm"], "exposure", "an exposure", errors);
        var events = ComputedTraitSpec.ParseEvents(element, "exposure.event", errors);
        if (events.Length == 0 && errors.Count == before)
        {
            errors.Add(new FieldError("exposure.event", "is required: an event name or a list of names"));
        }

        var where = ComputedTraitSpec.ParseWhere(element, "exposure.where", errors);
        var arm = fields.TryGetValue("arm", out var a) ? PropertyPath(a, "exposure.arm", errors) : null;
        if (arm is null && !errors.Any(e => e.Field == "exposure.arm"))
        {
            errors.Add(new FieldError("exposure.arm", "is required: the property holding the arm's name, such as variant"));
        }

        return errors.Count > before ? null : new ExperimentExposure(new EventFilter(MessageType.Track, events, where), arm!);
    }

    /// <summary>Cohort arms need 2 or more, each with a segment; exposure arms may list names and weights, without segments.</summary>
    private static List<ExperimentArm> ParseArms(Dictionary<string, JsonElement> members, bool cohort, List<FieldError> errors)
    {
        var arms = new List<ExperimentArm>();
        var shape = cohort ? "is a list of 2 to 20 arms, each {\"name\", \"segment\", \"weight\"}, or give an exposure" : "is a list of 2 to 20 arms, each {\"name\", \"weight\"}";
        if (Member(members, "arms") is not { } list)
        {
            if (cohort)
            {
                errors.Add(new FieldError("arms", shape));
            }

            return arms;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is < 2 or > ExperimentQuery.MaxArms)
        {
            errors.Add(new FieldError("arms", shape));
            return arms;
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (ParseArm(item, $"arms[{i++}]", cohort, errors) is { } arm)
            {
                arms.Add(arm);
            }
        }

        if (arms.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() < arms.Count)
        {
            errors.Add(new FieldError("arms", "has each arm's name once"));
        }

        return arms;
    }

    private static ExperimentArm? ParseArm(JsonElement item, string field, bool cohort, List<FieldError> errors)
    {
        if (TagSpec.Members(item, field, "is an arm: {\"name\", \"segment\", \"weight\"}", errors) is not { } fields)
        {
            return null;
        }

        var before = errors.Count;
        TagSpec.Unexpected(fields, cohort ? ["name", "segment", "weight"] : ["name", "weight"], field, "an arm", errors);
        if (!(fields.TryGetValue("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 and <= 200 }))
        {
            errors.Add(new FieldError($"{field}.name", "is a name of 1 to 200 characters"));
        }

        Condition? segment = null;
        if (cohort)
        {
            var (condition, problems) = fields.TryGetValue("segment", out var s)
                ? SegmentSpec.ParseCondition(s, $"{field}.segment")
                : (null, [new FieldError($"{field}.segment", "is required: the audience condition that puts a person in this arm")]);
            errors.AddRange(problems);
            segment = condition;
        }

        var weight = 1.0;
        if (fields.TryGetValue("weight", out var w) && !(w.ValueKind == JsonValueKind.Number && w.TryGetDouble(out weight) && weight > 0 && weight <= 1e6))
        {
            errors.Add(new FieldError($"{field}.weight", "is the arm's planned share as a positive number (shares are weights over their sum)"));
        }

        return errors.Count > before ? null : new ExperimentArm(n.GetString()!, segment, weight);
    }

    private static string? PropertyPath(JsonElement element, string field, List<FieldError> errors)
    {
        if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 and <= 200 } text && !text.Split('.').Any(s => s.Length == 0))
        {
            return text;
        }

        errors.Add(new FieldError(field, "is a property path such as total or order.total"));
        return null;
    }

    private static int Whole(Dictionary<string, JsonElement> members, string field, int fallback, int max, List<FieldError> errors)
    {
        if (Member(members, field) is not { } e)
        {
            return fallback;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(field, $"is a whole number of days from 1 to {max}"));
        return fallback;
    }

    private static double Fraction(Dictionary<string, JsonElement> members, string field, double fallback, double max, List<FieldError> errors)
    {
        if (Member(members, field) is not { } e)
        {
            return fallback;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var value) && value > 0 && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(field, $"is a probability above 0 and at most {max}"));
        return fallback;
    }
}

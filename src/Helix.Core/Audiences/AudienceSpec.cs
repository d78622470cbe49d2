using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>
/// The canonical JSON form of an audience condition, what the console and the API exchange. It is a tag rule's
/// <c>when</c> (all, any, not, trait, computed and tag tests, parsed by <see cref="TagSpec"/>'s own code) plus
/// <c>{"did": …}</c>, <c>{"sequence": …}</c> and <c>{"segment": name}</c>, whose event filters and windows are a
/// computed trait's (<see cref="ComputedTraitSpec"/>). Parsing names every bad field by its path
/// (<c>all[1].did.within</c>) and rejects unknown fields; <see cref="Write"/> gives the same shape back in a fixed
/// field order, so Parse → Write → Parse round-trips. A one-item all or any is that item.
/// </summary>
public static partial class AudienceSpec
{
    private const string ConditionShape = "is a condition: an object with all, any, not, trait, computed, tag, did, sequence or segment";

    private static readonly string[] DidFields = ["event", "where", "function", "of", "op", "value", "within", "between", "since"];

    private static readonly string[] StepFields = ["event", "where", "within", "between", "since", "absent"];

    private static readonly string[] WindowFields = ["within", "between", "since"];

    /// <summary>The functions a did folds with.</summary>
    internal static readonly AggregateFunction[] Functions =
        [AggregateFunction.Count, AggregateFunction.Sum, AggregateFunction.Avg, AggregateFunction.Min, AggregateFunction.Max];

    /// <summary>The comparisons of a did's threshold.</summary>
    internal static readonly ConditionOp[] ThresholdOps =
        [ConditionOp.Eq, ConditionOp.Ne, ConditionOp.Gt, ConditionOp.Gte, ConditionOp.Lt, ConditionOp.Lte];

    /// <summary>The condition <paramref name="element"/> describes, or every bad field under <paramref name="field"/> (empty: the root).</summary>
    public static (Condition? Condition, IReadOnlyList<FieldError> Errors) Parse(JsonElement element, string field = "")
    {
        if (JsonStrings.FirstUndecodable(element, At(field)) is { } broken)
        {
            return (null, [new FieldError(broken, "is not valid Unicode text: it holds half of a surrogate pair")]);
        }

        var errors = new List<FieldError>();
        var tests = 0;
        var condition = TagSpec.ParseCondition(element, field, 1, ref tests, errors, ExtraTest, ConditionShape);
        if (tests > AudienceLimits.MaxTests)
        {
            errors.Add(new FieldError(At(field), $"has {tests} tests; at most {AudienceLimits.MaxTests}"));
        }

        foreach (var (leaf, path) in errors.Count == 0 ? TagSpec.Leaves(condition!, field) : [])
        {
            if (leaf is FactCondition { Value: { } value } && ValueProblem(value) is { } problem)
            {
                errors.Add(new FieldError(TagSpec.Path(path, "value"), problem));
            }
        }

        return errors.Count == 0 ? (Canonical(condition!), errors) : (null, errors);
    }

    /// <summary>Like <see cref="Parse(JsonElement, string)"/> from JSON text; text that is not JSON is one error at <c>$</c>.</summary>
    public static (Condition? Condition, IReadOnlyList<FieldError> Errors) Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // System.Text.Json has no Try API for a document: its exception is how malformed input is reported.
            return (null, [new FieldError("$", $"is not JSON: {e.Message}")]);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>A did's property path to fold: <c>properties.</c> and a path under it (<c>properties.products[].price</c>).</summary>
    internal static ValuePath? OfPath(string text, out string? reason)
    {
        var path = text.StartsWith("properties.", StringComparison.Ordinal) ? ValuePath.TryParse(text, out _) : null;
        reason = path is null ? "is an event property to fold, such as properties.total or properties.products[].price" : null;
        return path;
    }

    /// <summary>Why a did's threshold does not fit its function; null when it does.</summary>
    internal static string? ThresholdProblem(AggregateFunction function, decimal value) =>
        !ScalarKey.Plausible(value) ? "is a number between -10^18 and 10^18"
        : function == AggregateFunction.Count && (value < 0 || value != decimal.Truncate(value)) ? "is a whole number, 0 or more, for count"
        : null;

    /// <summary>Why a test's value is out of bounds (a text over the length limit, a number no double holds); null when it is not.</summary>
    internal static string? ValueProblem(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString()!.Length > AudienceLimits.MaxStringLength => $"has a text longer than {AudienceLimits.MaxStringLength} characters",
        JsonValueKind.Number when !(value.TryGetDouble(out var number) && double.IsFinite(number)) => "has a number too large to compare",
        JsonValueKind.Array => value.EnumerateArray().Select(ValueProblem).FirstOrDefault(p => p is not null),
        _ => null,
    };

    /// <summary>The tests a tag rule does not have: did, sequence and segment; null and no error for anything else.</summary>
    private static Condition? ExtraTest(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var before = errors.Count;
        Condition? test = null;
        if (members.TryGetValue("did", out var did))
        {
            TagSpec.Unexpected(members, ["did"], field, "a did condition", errors);
            test = ParseDid(did, TagSpec.Path(field, "did"), errors);
        }
        else if (members.TryGetValue("sequence", out var sequence))
        {
            TagSpec.Unexpected(members, ["sequence"], field, "a sequence condition", errors);
            test = ParseSequence(sequence, TagSpec.Path(field, "sequence"), errors);
        }
        else if (members.ContainsKey("segment"))
        {
            TagSpec.Unexpected(members, ["segment"], field, "a segment condition", errors);
            test = TagSpec.RequiredName(members, "segment", field, errors) is { } name ? new SegmentReferenceCondition(name) : null;
        }

        return errors.Count > before ? null : test;
    }

    /// <summary>The tree without one-item groups: a one-item all or any is its item, as in the text form.</summary>
    private static Condition Canonical(Condition condition) => condition switch
    {
        AllCondition { Conditions.Count: 1 } all => Canonical(all.Conditions[0]),
        AnyCondition { Conditions.Count: 1 } any => Canonical(any.Conditions[0]),
        AllCondition all => new AllCondition([.. all.Conditions.Select(Canonical)]),
        AnyCondition any => new AnyCondition([.. any.Conditions.Select(Canonical)]),
        NotCondition not => new NotCondition(Canonical(not.Condition)),
        _ => condition,
    };

    private static EventCondition? ParseDid(JsonElement element, string field, List<FieldError> errors)
    {
        if (TagSpec.Members(element, field, "is an event condition such as {\"event\": \"Order Completed\", \"within\": \"30d\"}", errors) is not { } members)
        {
            return null;
        }

        var before = errors.Count;
        TagSpec.Unexpected(members, DidFields, field, "an event condition", errors);
        var filter = ParseFilter(element, field, errors);
        var (function, of, op, threshold) = ParseMeasure(members, field, errors);
        var window = ParseWindow(members, field, errors);
        return errors.Count > before ? null : new EventCondition(filter, function, of, op, threshold, window);
    }

    private static SequenceCondition? ParseSequence(JsonElement element, string field, List<FieldError> errors)
    {
        const string Shape = "is a sequence such as {\"steps\": [{\"event\": \"Product Viewed\"}, {\"event\": \"Order Completed\", \"absent\": true}], \"within\": \"3d\"}";
        if (TagSpec.Members(element, field, Shape, errors) is not { } members)
        {
            return null;
        }

        var before = errors.Count;
        TagSpec.Unexpected(members, ["steps", "within"], field, "a sequence", errors);
        var stepsField = TagSpec.Path(field, "steps");
        if (!members.TryGetValue("steps", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is < 2 or > AudienceLimits.MaxSteps)
        {
            errors.Add(new FieldError(stepsField, $"is a list of 2 to {AudienceLimits.MaxSteps} steps, each {{\"event\": name, \"where\": [...]}}"));
            return null;
        }

        var steps = new List<EventFilter>();
        EventWindow? window = null;
        var lastAbsent = false;
        var count = array.GetArrayLength();
        for (var i = 0; i < count; i++)
        {
            var at = $"{stepsField}[{i}]";
            if (TagSpec.Members(array[i], at, "is a step: {\"event\": name, \"where\": [...]}", errors) is not { } step)
            {
                continue;
            }

            TagSpec.Unexpected(step, StepFields, at, "a sequence step", errors);
            steps.Add(ParseFilter(array[i], at, errors));
            if (i == 0)
            {
                window = ParseWindow(step, at, errors);
            }
            else if (WindowFields.FirstOrDefault(step.ContainsKey) is { } misplaced)
            {
                errors.Add(new FieldError(TagSpec.Path(at, misplaced), "only the first step takes a window: it bounds when the sequence starts"));
            }

            if (step.TryGetValue("absent", out var absent))
            {
                if (absent.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(new FieldError(TagSpec.Path(at, "absent"), "is true or false"));
                }
                else if (absent.ValueKind == JsonValueKind.True && i < count - 1)
                {
                    errors.Add(new FieldError(TagSpec.Path(at, "absent"), "only the last step can be absent"));
                }
                else
                {
                    lastAbsent = absent.ValueKind == JsonValueKind.True;
                }
            }
        }

        TimeSpan? within = null;
        var withinField = TagSpec.Path(field, "within");
        if (members.TryGetValue("within", out var withinElement))
        {
            within = Duration(withinElement, withinField, errors);
        }
        else if (lastAbsent)
        {
            errors.Add(new FieldError(withinField, "is required when the last step is absent: how long after the first step it must not happen, such as 3d"));
        }

        return errors.Count > before ? null : new SequenceCondition(steps, lastAbsent, within, window);
    }

    /// <summary>The track events a did or a step matches: <c>event</c> (a name or a list, required) and <c>where</c>.</summary>
    private static EventFilter ParseFilter(JsonElement element, string field, List<FieldError> errors)
    {
        var before = errors.Count;
        var events = ComputedTraitSpec.ParseEvents(element, TagSpec.Path(field, "event"), errors);
        if (events.Length == 0 && errors.Count == before)
        {
            errors.Add(new FieldError(TagSpec.Path(field, "event"), "is required: an event name or a list of names"));
        }

        var whereField = TagSpec.Path(field, "where");
        var where = ComputedTraitSpec.ParseWhere(element, whereField, errors);
        for (var i = 0; i < where.Length; i++)
        {
            // exists takes an optional true: the canonical form leaves it out, as the text form does.
            if (where[i] is { Op: ConditionOp.Exists, Value.ValueKind: JsonValueKind.True })
            {
                where[i] = where[i] with { Value = null };
            }

            if (where[i].Value is { } value && ValueProblem(value) is { } problem)
            {
                errors.Add(new FieldError($"{whereField}[{i}].value", problem));
            }
        }

        return new EventFilter(MessageType.Track, events, where);
    }

    private static (AggregateFunction Function, ValuePath? Of, ConditionOp Op, decimal Threshold) ParseMeasure(
        Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var function = AggregateFunction.Count;
        if (members.TryGetValue("function", out var functionElement)
            && !(functionElement.ValueKind == JsonValueKind.String && WireNames.TryParse(functionElement.GetString(), out function) && Functions.Contains(function)))
        {
            errors.Add(new FieldError(TagSpec.Path(field, "function"), "is count, sum, avg, min or max (default count)"));
            function = AggregateFunction.Count;
        }

        ValuePath? of = null;
        var ofField = TagSpec.Path(field, "of");
        if (members.TryGetValue("of", out var ofElement))
        {
            if (function == AggregateFunction.Count)
            {
                errors.Add(new FieldError(ofField, "is not used by count; leave it out"));
            }
            else if (OfPath(ofElement.ValueKind == JsonValueKind.String ? ofElement.GetString()! : "", out var reason) is not { } path)
            {
                errors.Add(new FieldError(ofField, reason!));
            }
            else
            {
                of = path;
            }
        }
        else if (function != AggregateFunction.Count)
        {
            errors.Add(new FieldError(ofField, $"is required for {WireNames.Of(function)}: the event property to fold, such as properties.total"));
        }

        var hasOp = members.TryGetValue("op", out var opElement);
        var hasValue = members.TryGetValue("value", out var valueElement);
        if (!hasOp && !hasValue && function == AggregateFunction.Count)
        {
            return (function, of, ConditionOp.Gte, 1);
        }

        var op = ConditionOp.Gte;
        if (!(opElement.ValueKind == JsonValueKind.String && WireNames.TryParse(opElement.GetString(), out op) && ThresholdOps.Contains(op)))
        {
            errors.Add(new FieldError(TagSpec.Path(field, "op"), "is required with a value: eq, ne, gt, gte, lt or lte"));
        }

        decimal threshold = 0;
        var problem = valueElement.ValueKind == JsonValueKind.Number && valueElement.TryGetDecimal(out threshold)
            ? ThresholdProblem(function, threshold)
            : "is required with an op: the number to compare with";
        if (problem is not null)
        {
            errors.Add(new FieldError(TagSpec.Path(field, "value"), problem));
        }

        return (function, of, op, threshold);
    }

    /// <summary>At most one of <c>within</c> (<c>30d</c>, <c>12h</c>), <c>between</c> (two days) and <c>since</c> (a day).</summary>
    private static EventWindow? ParseWindow(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var present = WindowFields.Where(members.ContainsKey).ToList();
        if (present.Count == 0)
        {
            return null;
        }

        if (present.Count > 1)
        {
            errors.Add(new FieldError(TagSpec.Path(field, present[1]), "a condition has one window: within, between or since"));
            return null;
        }

        var at = TagSpec.Path(field, present[0]);
        var element = members[present[0]];
        switch (present[0])
        {
            case "within":
                return Duration(element, at, errors) is { } length ? new RelativeWindow(length) : null;
            case "since":
                if (element.ValueKind == JsonValueKind.String && DateWindow.TryParseDay(element.GetString(), out var since))
                {
                    return new DateWindow(since, null);
                }

                errors.Add(new FieldError(at, "is a day such as 2026-01-01 (workspace time)"));
                return null;
            default:
                if (element is { ValueKind: JsonValueKind.Array } range && range.GetArrayLength() == 2
                    && range[0].ValueKind == JsonValueKind.String && DateWindow.TryParseDay(range[0].GetString(), out var from)
                    && range[1].ValueKind == JsonValueKind.String && DateWindow.TryParseDay(range[1].GetString(), out var to)
                    && from <= to)
                {
                    return new DateWindow(from, to);
                }

                errors.Add(new FieldError(at, "is [first day, last day] such as [\"2026-01-01\", \"2026-01-31\"], both included, in order"));
                return null;
        }
    }

    private static TimeSpan? Duration(JsonElement element, string field, List<FieldError> errors)
    {
        string? reason = "is Nd or Nh, such as 30d or 12h";
        if (element.ValueKind == JsonValueKind.String && ComputedTraitSpec.TryParseWindow(element.GetString()!, out reason) is { } length)
        {
            return length;
        }

        errors.Add(new FieldError(field, reason!));
        return null;
    }

    private static string At(string field) => field.Length == 0 ? "$" : field;
}

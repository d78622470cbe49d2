using System.Text.Json;
using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Privacy.Consent;
using Helix.Core.Tags;

namespace Helix.Core.Journeys;

/// <summary>The steps: each <c>{"id", "kind", …, "next"}</c>, and the action of an action step.</summary>
public static partial class JourneySpec
{
    private const string StepKinds = "wait, waitUntil, waitForEvent, condition, split, action, exit";

    private static List<JourneyStep>? ParseSteps(JsonElement element, List<FieldError> errors)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() is 0 or > JourneyDefinition.MaxSteps)
        {
            errors.Add(new FieldError("steps", $"is a list of 1 to {JourneyDefinition.MaxSteps} steps"));
            return null;
        }

        var steps = new List<JourneyStep>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (ParseStep(item, $"steps[{i++}]", errors) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private static JourneyStep? ParseStep(JsonElement element, string field, List<FieldError> errors)
    {
        if (TagSpec.Members(element, field, $"is a step: {{\"id\", \"kind\": {StepKinds}, …}}", errors) is not { } members)
        {
            return null;
        }

        var before = errors.Count;
        var id = TagSpec.RequiredName(members, "id", field, errors);
        var kind = members.TryGetValue("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        string[] allowed = kind switch
        {
            "wait" => ["id", "kind", "duration", "next"],
            "waitUntil" => ["id", "kind", "time", "next"],
            "waitForEvent" => ["id", "kind", "event", "where", "timeout", "next", "timeoutNext"],
            "condition" => ["id", "kind", "when", "then", "else"],
            "split" => ["id", "kind", "arms"],
            "action" => ["id", "kind", "connector", "consent", "parameters", "next"],
            "exit" => ["id", "kind"],
            _ => [],
        };
        if (allowed.Length == 0)
        {
            errors.Add(new FieldError($"{field}.kind", $"is one of {StepKinds}"));
            return null;
        }

        TagSpec.Unexpected(members, allowed, field, $"a {kind} step", errors);
        string? Target(string name) => Reference(members, name, field, errors);
        JourneyStep? step = kind switch
        {
            "wait" => Required(members, "duration", $"{field}.duration", "how long to wait, such as 72h", errors) is { } d
                && Duration(d, $"{field}.duration", MaxWait, errors) is { } duration && Target("next") is { } next
                    ? new WaitStep(id!, duration, next) : null,
            "waitUntil" => Required(members, "time", $"{field}.time", "HH:mm, workspace time", errors) is { } t
                && Time(t, $"{field}.time", errors) is { } time && Target("next") is { } next
                    ? new WaitUntilStep(id!, time, next) : null,
            "waitForEvent" => ParseWaitForEvent(element, members, id!, field, errors),
            "condition" => ParseCondition(members, id!, field, errors),
            "split" => ParseSplit(members, id!, field, errors),
            "action" => ParseAction(members, field, errors) is { } action && Target("next") is { } next ? new ActionStep(id!, action, next) : null,
            _ => new ExitStep(id!),
        };
        return errors.Count > before ? null : step;
    }

    /// <summary>The id of the step a branch leads to (checked against the steps by <see cref="JourneyGraph"/>).</summary>
    private static string? Reference(Dictionary<string, JsonElement> members, string name, string field, List<FieldError> errors)
    {
        if (members.TryGetValue(name, out var element) && element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } id)
        {
            return id;
        }

        errors.Add(new FieldError($"{field}.{name}", "is required: the id of the step to go to"));
        return null;
    }

    private static WaitForEventStep? ParseWaitForEvent(JsonElement element, Dictionary<string, JsonElement> members, string id, string field, List<FieldError> errors)
    {
        var filter = ComputedTraitSpec.ParseEventFilter(Only(element, "event", "where"), field, errors);
        var timeout = Required(members, "timeout", $"{field}.timeout", "how long to wait for the event, such as 3d", errors) is { } t ? Duration(t, $"{field}.timeout", MaxWait, errors) : null;
        var next = Reference(members, "next", field, errors);
        var onTimeout = Reference(members, "timeoutNext", field, errors);
        return filter is null || timeout is null || next is null || onTimeout is null ? null : new WaitForEventStep(id, filter, timeout.Value, next, onTimeout);
    }

    private static ConditionStep? ParseCondition(Dictionary<string, JsonElement> members, string id, string field, List<FieldError> errors)
    {
        var (when, problems) = SegmentSpec.ParseCondition(members.GetValueOrDefault("when"), $"{field}.when");
        errors.AddRange(problems);
        if (when is null && problems.Count == 0)
        {
            errors.Add(new FieldError($"{field}.when", "is required: an audience condition, text or JSON"));
        }

        var then = Reference(members, "then", field, errors);
        var @else = Reference(members, "else", field, errors);
        return when is null || then is null || @else is null ? null : new ConditionStep(id, when, then, @else);
    }

    private static SplitStep? ParseSplit(Dictionary<string, JsonElement> members, string id, string field, List<FieldError> errors)
    {
        if (!members.TryGetValue("arms", out var arms) || arms.ValueKind != JsonValueKind.Array || arms.GetArrayLength() is < 2 or > SplitStep.MaxArms)
        {
            errors.Add(new FieldError($"{field}.arms", $"is a list of 2 to {SplitStep.MaxArms} arms: {{\"name\", \"weight\", \"next\"}}"));
            return null;
        }

        var parsed = new List<SplitArm>();
        var i = 0;
        foreach (var arm in arms.EnumerateArray())
        {
            var at = $"{field}.arms[{i++}]";
            if (TagSpec.Members(arm, at, "is an arm: {\"name\", \"weight\", \"next\"}", errors) is not { } fields)
            {
                continue;
            }

            TagSpec.Unexpected(fields, ["name", "weight", "next"], at, "an arm", errors);
            var name = TagSpec.RequiredName(fields, "name", at, errors);
            if (name is not null && parsed.Any(a => a.Name == name))
            {
                errors.Add(new FieldError($"{at}.name", "appears twice: arms are told apart by name in the readout"));
            }

            var weight = 1.0;
            if (fields.TryGetValue("weight", out var w) && !(w.ValueKind == JsonValueKind.Number && w.TryGetDouble(out weight) && weight is > 0 and <= 1_000_000))
            {
                errors.Add(new FieldError($"{at}.weight", "is a positive share (weights are shares of their sum)"));
            }

            if (name is not null && Reference(fields, "next", at, errors) is { } next)
            {
                parsed.Add(new SplitArm(name, weight, next));
            }
        }

        return new SplitStep(id, parsed);
    }

    private static JourneyAction? ParseAction(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var name = members.TryGetValue("connector", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        if (!JourneyConnectors.All.TryGetValue(name, out var connector))
        {
            errors.Add(new FieldError($"{field}.connector", $"is one of {string.Join(", ", JourneyConnectors.All.Keys)}"));
            return null;
        }

        var consent = connector.Consent is { } topic ? new ActionConsent(topic) : null;
        if (members.TryGetValue("consent", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind == JsonValueKind.String && ConsentTopic.TryParse(s.GetString(), out var named, out _))
            {
                consent = new ActionConsent(named);
            }
            else
            {
                errors.Add(new FieldError($"{field}.consent", "is the consent topic a send needs, such as marketing:sms (a message needs one: its channel's by default)"));
            }
        }

        var parameters = members.TryGetValue("parameters", out var p) ? p : default;
        if (p.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError($"{field}.parameters", $"is an object with {string.Join(", ", connector.Required)}"));
            return null;
        }

        foreach (var property in parameters.EnumerateObject().Where(x => !connector.Required.Concat(connector.Optional).Contains(x.Name, StringComparer.Ordinal)))
        {
            errors.Add(new FieldError($"{field}.parameters.{property.Name}", $"is not a parameter of {name}: {string.Join(", ", connector.Required.Concat(connector.Optional))}"));
        }

        foreach (var required in connector.Required.Where(r => !parameters.TryGetProperty(r, out var v) || v.ValueKind == JsonValueKind.Null))
        {
            errors.Add(new FieldError($"{field}.parameters.{required}", $"is required by {name}"));
        }

        return new JourneyAction(name, consent, parameters.Clone());
    }
}

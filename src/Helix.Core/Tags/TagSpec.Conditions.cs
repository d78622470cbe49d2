using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Core.Tags;

/// <summary>Rule conditions: <c>all</c>, <c>any</c>, <c>not</c>, fact tests and tag tests, with depth and size limits.</summary>
public static partial class TagSpec
{
    private const string ConditionShape = "is a condition: an object with all, any, not, tag, trait or computed";

    private static Condition? RootCondition(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var path = Path(field, "when");
        if (!members.TryGetValue("when", out var when))
        {
            errors.Add(new FieldError(path, "is required: the condition under which a person has the tag"));
            return null;
        }

        var leaves = 0;
        var condition = ParseCondition(when, path, 1, ref leaves, errors);
        if (leaves > MaxLeaves)
        {
            errors.Add(new FieldError(path, $"has {leaves} tests; at most {MaxLeaves}"));
        }

        return condition;
    }

    /// <summary>
    /// One condition and everything under it. <paramref name="extra"/> parses more kinds of test (the audience language's
    /// did, sequence and segment): it returns the test, or null — having added errors when the object was its kind but
    /// bad, and none when it was not its kind. <paramref name="shape"/> then says what a condition may be.
    /// </summary>
    internal static Condition? ParseCondition(
        JsonElement element, string field, int depth, ref int leaves, List<FieldError> errors, ExtraTest? extra = null, string shape = ConditionShape)
    {
        if (depth > MaxDepth)
        {
            errors.Add(new FieldError(field.Length == 0 ? "$" : field, $"nests deeper than {MaxDepth} levels"));
            return null;
        }

        if (Members(element, field, shape, errors) is not { } members)
        {
            return null;
        }

        var before = errors.Count;
        foreach (var combinator in (string[])["all", "any"])
        {
            if (members.TryGetValue(combinator, out var list))
            {
                Unexpected(members, [combinator], field, $"an {combinator} condition", errors);
                var conditions = Combined(list, Path(field, combinator), depth, ref leaves, errors, extra, shape);
                return errors.Count > before ? null : combinator == "all" ? new AllCondition(conditions) : new AnyCondition(conditions);
            }
        }

        if (members.TryGetValue("not", out var inner))
        {
            Unexpected(members, ["not"], field, "a not condition", errors);
            var negated = ParseCondition(inner, Path(field, "not"), depth + 1, ref leaves, errors, extra, shape);
            return errors.Count > before || negated is null ? null : new NotCondition(negated);
        }

        if (members.ContainsKey("tag"))
        {
            leaves++;
            return TagTest(members, field, errors);
        }

        if (members.ContainsKey("trait") || members.ContainsKey("computed"))
        {
            leaves++;
            return FactTest(members, field, errors);
        }

        var test = extra?.Invoke(members, field, errors);
        if (test is not null || errors.Count > before)
        {
            leaves++;
            return errors.Count > before ? null : test;
        }

        errors.Add(new FieldError(field.Length == 0 ? "$" : field, shape));
        return null;
    }

    private static List<Condition> Combined(JsonElement list, string field, int depth, ref int leaves, List<FieldError> errors, ExtraTest? extra, string shape)
    {
        var conditions = new List<Condition>();
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            errors.Add(new FieldError(field, "is a list of at least one condition"));
            return conditions;
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (ParseCondition(item, $"{field}[{i++}]", depth + 1, ref leaves, errors, extra, shape) is { } condition)
            {
                conditions.Add(condition);
            }
        }

        return conditions;
    }

    internal static TagReferenceCondition? TagTest(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var before = errors.Count;
        Unexpected(members, ["tag", "op", "value"], field, "a tag test", errors);
        var name = RequiredName(members, "tag", field, errors);
        ConditionOp? op = null;
        if (members.TryGetValue("op", out var opElement))
        {
            op = opElement.ValueKind == JsonValueKind.String && WireNames.TryParse<ConditionOp>(opElement.GetString(), out var found) && found is ConditionOp.Eq or ConditionOp.Ne or ConditionOp.In
                ? found
                : null;
            if (op is null)
            {
                errors.Add(new FieldError(Path(field, "op"), "is eq, ne or in (a value tag's or model tag's value); leave it out to test membership"));
            }
        }

        var values = new List<string>();
        var hasValue = members.TryGetValue("value", out var value);
        var valuePath = Path(field, "value");
        if (op is null && opElement.ValueKind == JsonValueKind.Undefined && hasValue)
        {
            errors.Add(new FieldError(valuePath, "needs an op (eq, ne or in)"));
        }
        else if (op is ConditionOp.Eq or ConditionOp.Ne)
        {
            if (hasValue && value.ValueKind == JsonValueKind.String)
            {
                values.Add(value.GetString()!);
            }
            else
            {
                errors.Add(new FieldError(valuePath, "is the tag value to compare, a text"));
            }
        }
        else if (op is ConditionOp.In)
        {
            if (hasValue && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() is > 0 and <= MaxListValues && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
            {
                values.AddRange(value.EnumerateArray().Select(v => v.GetString()!));
            }
            else
            {
                errors.Add(new FieldError(valuePath, $"is a list of 1 to {MaxListValues} tag values (texts)"));
            }
        }

        return errors.Count > before ? null : new TagReferenceCondition(name!, op, values);
    }

    internal static FactCondition? FactTest(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var before = errors.Count;
        Unexpected(members, ["trait", "computed", "op", "value"], field, "a trait or computed trait test", errors);
        var fact = FactOf(members, field, errors);
        if (!members.TryGetValue("op", out var opElement) || opElement.ValueKind != JsonValueKind.String || !WireNames.TryParse<ConditionOp>(opElement.GetString(), out var op))
        {
            errors.Add(new FieldError(Path(field, "op"), $"is one of {WireNames.List<ConditionOp>()}"));
            return null;
        }

        var hasValue = members.TryGetValue("value", out var value);
        if (OperandProblem(op, hasValue, value) is { } problem)
        {
            errors.Add(new FieldError(Path(field, "value"), problem));
        }

        return errors.Count > before ? null : new FactCondition(fact!, op, hasValue ? value.Clone() : null);
    }

    /// <summary>What is wrong with the value of a fact test, or null when it fits the op.</summary>
    internal static string? OperandProblem(ConditionOp op, bool hasValue, JsonElement value) => op switch
    {
        ConditionOp.Exists or ConditionOp.NotExists => hasValue ? "is not used by exists and notExists; leave it out" : null,
        _ when !hasValue => "is required for this op",
        ConditionOp.Eq or ConditionOp.Ne or ConditionOp.Contains => IsScalar(value) ? null : "is a text, number or true/false",
        ConditionOp.Gt or ConditionOp.Gte or ConditionOp.Lt or ConditionOp.Lte =>
            value.ValueKind is JsonValueKind.Number or JsonValueKind.String ? null : "is a number or a text",
        ConditionOp.In or ConditionOp.NotIn =>
            value.ValueKind == JsonValueKind.Array && value.GetArrayLength() is > 0 and <= MaxListValues && value.EnumerateArray().All(IsScalar)
                ? null
                : $"is a list of 1 to {MaxListValues} texts, numbers or true/false",
        ConditionOp.Between => IsRange(value) ? null : "is [low, high]: two numbers or two texts, low ≤ high (both inclusive)",
        _ => value.ValueKind == JsonValueKind.String && Timestamps.TryParse(value.GetString(), out _)
            ? null
            : "is a date or date-time such as 2026-01-01 or 2026-01-01T08:00:00+08:00 (no offset means UTC)",
    };

    private static bool IsScalar(JsonElement value) =>
        value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    private static bool IsRange(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2)
        {
            return false;
        }

        var (low, high) = (value[0], value[1]);
        return (low.ValueKind, high.ValueKind) switch
        {
            (JsonValueKind.Number, JsonValueKind.Number) => low.GetDouble() <= high.GetDouble(),
            (JsonValueKind.String, JsonValueKind.String) => string.CompareOrdinal(low.GetString(), high.GetString()) <= 0,
            _ => false,
        };
    }

    /// <summary>The fact named by exactly one of <c>trait</c> and <c>computed</c>.</summary>
    private static FactRef? FactOf(Dictionary<string, JsonElement> members, string field, List<FieldError> errors)
    {
        var hasTrait = members.TryGetValue("trait", out var trait);
        var hasComputed = members.TryGetValue("computed", out var computed);
        if (hasTrait == hasComputed)
        {
            errors.Add(new FieldError(Path(field, hasTrait ? "computed" : "trait"), "name exactly one of trait and computed"));
            return null;
        }

        var (key, element) = hasTrait ? ("trait", trait) : ("computed", computed);
        if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 and <= 128 } name)
        {
            return new FactRef(hasTrait ? FactSource.Trait : FactSource.Computed, name);
        }

        errors.Add(new FieldError(Path(field, key), $"is the {(hasTrait ? "trait" : "computed trait")}'s name, 1 to 128 characters"));
        return null;
    }

    /// <summary>Parses a kind of test <see cref="ParseCondition"/> does not know; see there.</summary>
    internal delegate Condition? ExtraTest(Dictionary<string, JsonElement> members, string field, List<FieldError> errors);

    /// <summary>Every test in a condition with its error path (<c>tags[2].when.all[0].not</c>), in document order.</summary>
    internal static IEnumerable<(Condition Leaf, string Field)> Leaves(Condition condition, string field) => condition switch
    {
        AllCondition all => all.Conditions.SelectMany((c, i) => Leaves(c, $"{Path(field, "all")}[{i}]")),
        AnyCondition any => any.Conditions.SelectMany((c, i) => Leaves(c, $"{Path(field, "any")}[{i}]")),
        NotCondition not => Leaves(not.Condition, Path(field, "not")),
        _ => [(condition, field)],
    };
}

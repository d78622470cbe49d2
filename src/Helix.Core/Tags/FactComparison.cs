using System.Globalization;
using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Core.Tags;

/// <summary>
/// The operators over one fact. A missing fact (absent or JSON null) makes every operator false except
/// <c>notExists</c> — including <c>ne</c> and <c>notIn</c>: missing is unknown, not "not equal", so a
/// person without a city is not in "city ne 上海". Values of different types are never equal and never ordered.
/// </summary>
internal static class FactComparison
{
    public static bool Holds(ConditionOp op, JsonElement? fact, JsonElement? operand)
    {
        if (fact is not { } x)
        {
            return op == ConditionOp.NotExists;
        }

        var value = operand.GetValueOrDefault();
        return op switch
        {
            ConditionOp.Exists => true,
            ConditionOp.NotExists => false,
            ConditionOp.Eq => AreEqual(x, value),
            ConditionOp.Ne => !AreEqual(x, value),
            ConditionOp.Gt => Compare(x, value) > 0,
            ConditionOp.Gte => Compare(x, value) >= 0,
            ConditionOp.Lt => Compare(x, value) < 0,
            ConditionOp.Lte => Compare(x, value) <= 0,
            ConditionOp.In => value.EnumerateArray().Any(v => AreEqual(x, v)),
            ConditionOp.NotIn => !value.EnumerateArray().Any(v => AreEqual(x, v)),
            ConditionOp.Contains => Contains(x, value),
            ConditionOp.Between => Compare(x, value[0]) >= 0 && Compare(x, value[1]) <= 0,
            ConditionOp.Before => Instant(x) < Instant(value),
            ConditionOp.After => Instant(x) > Instant(value),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an operator over facts"),
        };
    }

    /// <summary>A fact's value, or null when it is absent or JSON null.</summary>
    public static JsonElement? Read(FactRef fact, IPersonFacts facts)
    {
        var found = fact.Source == FactSource.Trait
            ? facts.TryGetTrait(fact.Name, out var value)
            : facts.TryGetComputed(fact.Name, out value);
        return found && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value : null;
    }

    /// <summary>A JSON number, or a string that reads as a finite number in the invariant culture.</summary>
    public static bool TryNumber(JsonElement element, out double number)
    {
        number = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number),
            _ => false,
        };
    }

    private static bool AreEqual(JsonElement a, JsonElement b) =>
        Numbers(a, b) is var (x, y) ? x == y
        : a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String ? a.ValueEquals(b.GetString())
        : a.ValueKind is JsonValueKind.True or JsonValueKind.False && a.ValueKind == b.ValueKind;

    /// <summary>The order of two comparable values (numbers, or two strings ordinally); null when they are not comparable.</summary>
    private static int? Compare(JsonElement a, JsonElement b) =>
        Numbers(a, b) is var (x, y) ? x.CompareTo(y)
        : a.ValueKind == JsonValueKind.String && b.ValueKind == JsonValueKind.String ? Math.Sign(string.CompareOrdinal(a.GetString(), b.GetString()))
        : null;

    // Numeric comparison needs one side to be a JSON number: two strings compare as strings, so "02134" and "2134" differ.
    private static (double, double)? Numbers(JsonElement a, JsonElement b) =>
        (a.ValueKind == JsonValueKind.Number || b.ValueKind == JsonValueKind.Number) && TryNumber(a, out var x) && TryNumber(b, out var y)
            ? (x, y)
            : null;

    private static bool Contains(JsonElement fact, JsonElement operand) => fact.ValueKind switch
    {
        JsonValueKind.String => operand.ValueKind == JsonValueKind.String && fact.GetString()!.Contains(operand.GetString()!, StringComparison.Ordinal),
        JsonValueKind.Array => fact.EnumerateArray().Any(item => AreEqual(item, operand)),
        _ => false,
    };

    private static DateTimeOffset? Instant(JsonElement element) =>
        element.ValueKind == JsonValueKind.String && Timestamps.TryParse(element.GetString(), out var instant) ? instant : null;
}

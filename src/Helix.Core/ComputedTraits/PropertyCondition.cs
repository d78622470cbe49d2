using System.Text.Json;
using Helix.Core.Tags;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// A test on one event property: <c>{"property": "total", "op": "gte", "value": 500}</c>.
/// <see cref="Property"/> is a dotted path under <c>properties</c> (<c>address.city</c>). The operators
/// compare exactly as a tag condition's do (<see cref="FactComparison"/>), so one rule holds across Helix:
/// numbers compare numerically (a numeric string against a number too), strings ordinally, and a missing
/// or null property is unknown — it matches only <c>exists: false</c>, never <c>ne</c>.
/// <see cref="Value"/> is an array for <c>in</c>, a boolean (default true) for <c>exists</c>.
/// </summary>
public sealed record PropertyCondition(string Property, ConditionOp Op, JsonElement? Value)
{
    /// <summary>The operators an event filter takes: a subset of the tag conditions' operators, with the same meaning.</summary>
    public static IReadOnlyList<ConditionOp> Operators { get; } =
        [ConditionOp.Eq, ConditionOp.Ne, ConditionOp.Gt, ConditionOp.Gte, ConditionOp.Lt, ConditionOp.Lte, ConditionOp.In, ConditionOp.Exists];

    public bool Matches(JsonElement? properties)
    {
        var found = Find(properties);
        return Op == ConditionOp.Exists && Value is { ValueKind: JsonValueKind.False }
            ? FactComparison.Holds(ConditionOp.NotExists, found, null)
            : FactComparison.Holds(Op, found, Value);
    }

    private JsonElement? Find(JsonElement? properties)
    {
        if (properties is not { } current)
        {
            return null;
        }

        var path = Property.AsSpan();
        foreach (var range in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path[range], out current))
            {
                return null;
            }
        }

        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    // JsonElement compares by reference to its document; conditions are equal when their JSON is.
    public bool Equals(PropertyCondition? other) =>
        other is not null && Property == other.Property && Op == other.Op
        && (Value is { } a ? other.Value is { } b && JsonElement.DeepEquals(a, b) : other.Value is null);

    public override int GetHashCode() => HashCode.Combine(Property, Op);
}

using System.Text.Json;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// A test on one event property: <c>{"property": "total", "op": "gte", "value": 500}</c>.
/// <see cref="Property"/> is a dotted path under <c>properties</c> (<c>address.city</c>).
/// Numbers compare as numbers, and a numeric string in the event compares as a number against a
/// number in the condition; strings compare ordinally; anything else does not match an order.
/// A missing or null property matches only <c>ne</c> and <c>exists: false</c>.
/// <see cref="Value"/> is an array for <c>in</c>, a boolean (default true) for <c>exists</c>.
/// </summary>
public sealed record PropertyCondition(string Property, ComparisonOperator Op, JsonElement? Value)
{
    public bool Matches(JsonElement? properties)
    {
        var found = Find(properties);
        if (Op == ComparisonOperator.Exists)
        {
            return found.HasValue == (Value is not { ValueKind: JsonValueKind.False });
        }

        if (found is not { } f || Value is not { } v)
        {
            return Op == ComparisonOperator.Ne;
        }

        return Op switch
        {
            ComparisonOperator.Eq => Same(f, v),
            ComparisonOperator.Ne => !Same(f, v),
            ComparisonOperator.In => v.ValueKind == JsonValueKind.Array && v.EnumerateArray().Any(item => Same(f, item)),
            ComparisonOperator.Gt => Compare(f, v) > 0,
            ComparisonOperator.Gte => Compare(f, v) >= 0,
            ComparisonOperator.Lt => Compare(f, v) is < 0 and not int.MinValue,
            ComparisonOperator.Lte => Compare(f, v) is <= 0 and not int.MinValue,
            _ => false,
        };
    }

    private JsonElement? Find(JsonElement? properties)
    {
        if (properties is not { } current)
        {
            return null;
        }

        foreach (var name in Property.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    private static bool Same(JsonElement found, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? Compare(found, value) == 0 : JsonElement.DeepEquals(found, value);

    /// <summary>The order of <paramref name="found"/> against <paramref name="value"/>; <see cref="int.MinValue"/> when they do not compare.</summary>
    private static int Compare(JsonElement found, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return ScalarKey.TryNumber(found, out var a) && ScalarKey.TryNumber(value, out var b) ? Math.Sign(a.CompareTo(b)) : int.MinValue;
        }

        return found.ValueKind == JsonValueKind.String && value.ValueKind == JsonValueKind.String
            ? Math.Sign(string.CompareOrdinal(found.GetString(), value.GetString()))
            : int.MinValue;
    }

    // JsonElement compares by reference to its document; conditions are equal when their JSON is.
    public bool Equals(PropertyCondition? other) =>
        other is not null && Property == other.Property && Op == other.Op
        && (Value is { } a ? other.Value is { } b && JsonElement.DeepEquals(a, b) : other.Value is null);

    public override int GetHashCode() => HashCode.Combine(Property, Op);
}

using System.Globalization;
using System.Text.Json;

namespace Helix.Core.Analytics;

/// <summary>
/// One group of a breakdown: a scalar value (string, number or boolean) by its key (<c>s:上海</c>, <c>n:12.5</c>,
/// <c>b:true</c>, numbers without trailing zeros, so <c>12.50</c> and <c>12.5</c> are one group while the string
/// <c>"12.5"</c> is another), the group of a missing value (key empty), or "other" (all values outside the top groups).
/// </summary>
public sealed record BreakdownValue(string? Key)
{
    public static readonly BreakdownValue None = new(string.Empty);

    public static readonly BreakdownValue Other = new((string?)null);

    public bool IsOther => Key is null;

    /// <summary>The value as JSON: null for a missing value and for "other".</summary>
    public JsonElement? Value => Key is { Length: > 2 } key
        ? key[0] switch
        {
            's' => JsonSerializer.SerializeToElement(key[2..]),
            'b' => JsonSerializer.SerializeToElement(key == "b:true"),
            _ => decimal.TryParse(key.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? JsonSerializer.SerializeToElement(number)
                : null,
        }
        : null;
}

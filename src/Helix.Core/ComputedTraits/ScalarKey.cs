using System.Globalization;
using System.Text.Json;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// A scalar JSON value as a string that keeps its kind: <c>s:shoes</c>, <c>n:14.5</c>, <c>b:true</c>.
/// States key their value counts by it, and ties break by its ordinal order, so the kind prefix makes
/// the string <c>"14"</c> and the number <c>14</c> different values, as they are in the event.
/// </summary>
internal static class ScalarKey
{
    /// <summary>Amounts beyond this are not plausible and would risk overflowing a decimal sum.</summary>
    private const decimal MaxMagnitude = 1_000_000_000_000_000_000m;

    // Values go out to profiles and exports: keep non-ASCII text readable rather than \u-escaped.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? Of(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => String(element.GetString()!),
        JsonValueKind.Number => Number(element),
        JsonValueKind.True => "b:true",
        JsonValueKind.False => "b:false",
        _ => null,
    };

    public static string String(string value) => "s:" + value;

    public static string Number(decimal value) => "n:" + value.ToString("G29", CultureInfo.InvariantCulture);

    private static string Number(JsonElement element) =>
        element.TryGetDecimal(out var value) ? Number(value) : "n:" + element.GetRawText();

    /// <summary>The key as the JSON value it stands for.</summary>
    public static JsonElement ToElement(string key) => key[0] switch
    {
        's' => JsonSerializer.SerializeToElement(key[2..], Relaxed),
        'b' => JsonSerializer.SerializeToElement(key == "b:true"),
        _ => ParseNumber(key),
    };

    private static JsonElement ParseNumber(string key)
    {
        using var document = JsonDocument.Parse(key.AsMemory(2));
        return document.RootElement.Clone();
    }

    /// <summary>A JSON number, or a string holding one, within ±10^18; anything else is not a number to add up.</summary>
    public static bool TryNumber(JsonElement element, out decimal value)
    {
        value = 0;
        var parsed = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDecimal(out value),
            JsonValueKind.String => decimal.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        return parsed && Plausible(value);
    }

    /// <summary>Within ±10^18: an amount to add up.</summary>
    public static bool Plausible(decimal value) => Math.Abs(value) <= MaxMagnitude;

    /// <summary>The number a key stands for: a number key, or a string key holding a number (see <see cref="TryNumber(JsonElement, out decimal)"/>).</summary>
    public static bool TryNumber(string key, out decimal value)
    {
        value = 0;
        return key[0] is 'n' or 's'
            && decimal.TryParse(key.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && Plausible(value);
    }
}

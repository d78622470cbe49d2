using System.Globalization;
using System.Text.Json;

namespace Helix.Core.ComputedTraits;

/// <summary>
/// One value a <see cref="ValuePath"/> found in an event, before it becomes a <see cref="ScalarKey"/>: a
/// scalar JSON element, a text (source, event name, timestamp) or a number (hour, weekday). Numbers are
/// read from it directly, so summing never formats and re-parses them.
/// </summary>
internal readonly struct PathValue
{
    private readonly JsonElement _element;
    private readonly string? _text;
    private readonly decimal _number;
    private readonly byte _kind; // 0 element, 1 text, 2 number

    private PathValue(JsonElement element, string? text, decimal number, byte kind) => (_element, _text, _number, _kind) = (element, text, number, kind);

    public static PathValue OfElement(JsonElement element) => new(element, null, 0, 0);

    public static PathValue OfText(string text) => new(default, text, 0, 1);

    public static PathValue OfNumber(decimal number) => new(default, null, number, 2);

    /// <summary>The value's <see cref="ScalarKey"/>.</summary>
    public string Key => _kind switch
    {
        1 => ScalarKey.String(_text!),
        2 => ScalarKey.Number(_number),
        _ => ScalarKey.Of(_element)!,
    };

    /// <summary>The number the value stands for, as <see cref="ScalarKey.TryNumber(string, out decimal)"/> reads its key.</summary>
    public bool TryNumber(out decimal value)
    {
        switch (_kind)
        {
            case 1:
                value = 0;
                return decimal.TryParse(_text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && ScalarKey.Plausible(value);
            case 2:
                value = _number;
                return true;
            default:
                return ScalarKey.TryNumber(_element, out value);
        }
    }
}

using System.Globalization;
using Helix.Core.Privacy;

namespace Helix.Core.Audiences.Exports;

/// <summary>What one CSV cell holds: the value masked if its column is, then protected against formula injection.</summary>
internal static class CsvCell
{
    private const string Hidden = "****";

    public static string Write(string? value, ExportMask? mask) => Protect(Mask(value, mask) ?? "");

    public static string? Mask(string? value, ExportMask? mask) => mask switch
    {
        null => value,
        ExportMask.Phone => Masking.Phone(value),
        ExportMask.Email => Masking.Email(value),
        ExportMask.Name => Masking.Name(value),
        ExportMask.Address => Masking.Address(value),
        ExportMask.IdNumber => Masking.IdNumber(value),
        ExportMask.Hidden => string.IsNullOrEmpty(value) ? value : Hidden,
        _ => throw new ArgumentOutOfRangeException(nameof(mask), mask, null),
    };

    /// <summary>
    /// OWASP CSV injection: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return gets a leading
    /// <c>'</c>, so a spreadsheet shows it as text instead of running it. A plain number (<c>-12.5</c>, <c>+3</c>,
    /// <c>-1e3</c>) is left alone: a spreadsheet reads it as the number, not a formula, and a finance column stays numeric.
    /// </summary>
    public static string Protect(string value)
    {
        if (value.Length == 0 || value[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r'))
        {
            return value;
        }

        return IsPlainNumber(value) ? value : "'" + value;
    }

    private static bool IsPlainNumber(string value) =>
        value[0] is '+' or '-'
        && value.Length > 1
        && (char.IsAsciiDigit(value[1]) || value[1] == '.')
        && value.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or '.' or 'e' or 'E')
        && double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _);
}

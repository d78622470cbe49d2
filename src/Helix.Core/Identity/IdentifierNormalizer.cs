using System.Globalization;

namespace Helix.Core.Identity;

/// <summary>Normalises identifier values so that the same identifier written two ways links one person.</summary>
public static class IdentifierNormalizer
{
    private const string DefaultCountryCode = "86";

    /// <returns>The normalised value, or null when the value is not a valid identifier of its kind.</returns>
    public static string? Normalize(string? value, IdentifierNormalization normalization)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return normalization switch
        {
            IdentifierNormalization.Trim => trimmed,
            IdentifierNormalization.Email => Email(trimmed),
            IdentifierNormalization.Phone => Phone(trimmed),
            IdentifierNormalization.UpperCase => trimmed.ToUpperInvariant(),
            _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, null),
        };
    }

    private static string? Email(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1 && !value.Any(char.IsWhiteSpace)
            ? value.ToLowerInvariant()
            : null;
    }

    /// <summary>
    /// E.164: a leading '+' or '00' keeps the country code given; a bare Chinese mobile number
    /// (11 digits starting with 1) gets +86. Separators (spaces, dashes, dots, brackets) are ignored.
    /// </summary>
    private static string? Phone(string value)
    {
        var international = value.StartsWith('+');
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        if (value.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or ' ' or '-' or '.' or '(' or ')')))
        {
            return null;
        }

        if (!international && digits.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            digits = digits[2..];
        }

        if (!international)
        {
            digits = digits.Length == 11 && digits[0] == '1'
                ? DefaultCountryCode + digits
                : digits.Length == 13 && digits.StartsWith(DefaultCountryCode + "1", StringComparison.Ordinal) ? digits : "";
        }

        return digits.Length is >= 8 and <= 15 ? string.Create(CultureInfo.InvariantCulture, $"+{digits}") : null;
    }
}

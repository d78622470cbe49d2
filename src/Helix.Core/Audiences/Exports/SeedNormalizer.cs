using System.Buffers;
using System.Globalization;
using System.Text;

namespace Helix.Core.Audiences.Exports;

/// <summary>
/// Brings an identifier into the exact form ad platforms hash, so that the same person hashes the same on both
/// sides. Every type first goes through Unicode NFKC (full-width <c>１３８</c> and <c>＋</c> become ASCII) and
/// loses surrounding white space. The per-type rules, and which platform documents them, are in docs/exports.md.
/// </summary>
/// <remarks>Does not throw for any input; a value that cannot be an identifier gives a skip reason.</remarks>
public static class SeedNormalizer
{
    private const string China = "86";
    private const int MaxE164Digits = 15;
    private const int MinE164Digits = 8;

    public static SeedValue Normalize(string? value, SeedIdentifierType type, PhoneStyle phoneStyle = PhoneStyle.ChinaMobile)
    {
        var text = Prepare(value);
        if (text is null)
        {
            return SeedValue.Skip(ExportSkipReason.Missing);
        }

        return type switch
        {
            SeedIdentifierType.Phone => Phone(text, phoneStyle),
            SeedIdentifierType.Email => Email(text),
            SeedIdentifierType.Idfa => Idfa(text),
            SeedIdentifierType.Imei => Imei(text),
            SeedIdentifierType.Oaid => Oaid(text),
            SeedIdentifierType.AndroidId => AndroidId(text),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }

    /// <summary>NFKC and trimmed; null when nothing is left. Ill-formed UTF-16 (a lone surrogate), which NFKC refuses, is kept as it is and then fails validation.</summary>
    private static string? Prepare(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = WellFormed(value) && !value.IsNormalized(NormalizationForm.FormKC) ? value.Normalize(NormalizationForm.FormKC) : value;
        text = text.Trim();
        return text.Length == 0 ? null : text;
    }

    private static bool WellFormed(string value)
    {
        for (var rest = value.AsSpan(); !rest.IsEmpty;)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    /// <summary>
    /// Digits with separators (space, <c>-</c>, <c>.</c>, brackets) and an optional <c>+</c> before the first digit. <c>+</c> or <c>00</c> means
    /// the country code follows; without them the number is Chinese (Helix's default country, as in identity
    /// resolution): an 11-digit mobile number, or 13 digits starting <c>861</c>. A Chinese number must be a mobile
    /// number (<c>1[3-9]</c> and 9 more digits): seed audiences match on mobile numbers only.
    /// </summary>
    private static SeedValue Phone(string text, PhoneStyle style)
    {
        var international = false;
        var digits = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && !international && digits.Length == 0)
            {
                international = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return SeedValue.Skip(ExportSkipReason.Invalid);
            }
        }

        var number = digits.ToString();
        if (!international && number.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            number = number[2..];
        }

        if (!international)
        {
            number = number.Length == 11 && number[0] == '1' ? China + number
                : number.Length == 13 && number.StartsWith(China + "1", StringComparison.Ordinal) ? number
                : "";
        }

        if (number.Length is < MinE164Digits or > MaxE164Digits || number[0] == '0')
        {
            return SeedValue.Skip(ExportSkipReason.Invalid);
        }

        var chinese = number.StartsWith(China, StringComparison.Ordinal);
        if (chinese && !IsChineseMobile(number.AsSpan(China.Length)))
        {
            return SeedValue.Skip(ExportSkipReason.Invalid);
        }

        return SeedValue.Of(style switch
        {
            PhoneStyle.ChinaMobile => chinese ? number[China.Length..] : number,
            PhoneStyle.CountryCodeDigits => number,
            PhoneStyle.E164 => "+" + number,
            _ => throw new ArgumentOutOfRangeException(nameof(style), style, null),
        });
    }

    private static bool IsChineseMobile(ReadOnlySpan<char> national) => national.Length == 11 && national[0] == '1' && national[1] is >= '3' and <= '9';

    /// <summary>Lower-cased; exactly one <c>@</c> with text on both sides and no white space. Gmail dots and <c>+tags</c> are kept.</summary>
    private static SeedValue Email(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var valid = at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1 && !text.Any(char.IsWhiteSpace) && !text.Any(char.IsControl);
        return valid ? SeedValue.Of(text.ToLowerInvariant()) : SeedValue.Skip(ExportSkipReason.Invalid);
    }

    /// <summary>32 hex digits, with or without the hyphens, written upper-case as 8-4-4-4-12 (腾讯广告's HASH_IDFA example).</summary>
    private static SeedValue Idfa(string text)
    {
        var hex = text.Replace("-", "", StringComparison.Ordinal);
        if (hex.Length != 32 || !hex.All(char.IsAsciiHexDigit))
        {
            return SeedValue.Skip(ExportSkipReason.Invalid);
        }

        if (AllZero(hex))
        {
            return SeedValue.Skip(ExportSkipReason.ZeroDeviceId);
        }

        hex = hex.ToUpperInvariant();
        return SeedValue.Of(string.Create(CultureInfo.InvariantCulture, $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}"));
    }

    /// <summary>14 or 15 characters after spaces and hyphens are dropped: IMEI digits, or a CDMA MEID's hex digits; lower-case (腾讯广告: md5(imei.toLowerCase())).</summary>
    private static SeedValue Imei(string text) =>
        DeviceId(Without(text, ' ', '-'), id => id.Length is 14 or 15 && id.All(char.IsAsciiHexDigit));

    /// <summary>
    /// Lower-case hex digits and hyphens, 16 to 64 characters (vendors write it as a UUID, 16 or 64 hex digits).
    /// Lower-case because the MSA SDK returns it so and 腾讯广告's OAID test vector is lower-case, while Helix's
    /// identity store keeps device ids upper-case: hashing the stored form would match nobody.
    /// </summary>
    private static SeedValue Oaid(string text) =>
        DeviceId(text, id => id.Length is >= 16 and <= 64 && id.All(c => char.IsAsciiHexDigit(c) || c == '-') && id.Any(char.IsAsciiHexDigit));

    /// <summary>Up to 16 hex digits (a 64-bit number written in hex), lower-case as Android returns it.</summary>
    private static SeedValue AndroidId(string text) =>
        DeviceId(text, id => id.Length is >= 1 and <= 16 && id.All(char.IsAsciiHexDigit));

    private static SeedValue DeviceId(string text, Func<string, bool> valid)
    {
        var id = text.ToLowerInvariant();
        if (!valid(id))
        {
            return SeedValue.Skip(ExportSkipReason.Invalid);
        }

        return AllZero(id) ? SeedValue.Skip(ExportSkipReason.ZeroDeviceId) : SeedValue.Of(id);
    }

    private static bool AllZero(string id) => id.All(c => c is '0' or '-');

    private static string Without(string text, params char[] removed) => new([.. text.Where(c => !removed.Contains(c))]);
}

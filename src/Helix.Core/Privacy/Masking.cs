using System.Diagnostics.CodeAnalysis;
using System.Text;
using Helix.Core.Identity.Matching;

namespace Helix.Core.Privacy;

/// <summary>
/// Masks personal data for screens that may show only part of it, such as the store guide's member
/// card: <c>138****5678</c>, <c>a***@x.com</c>, <c>张*</c>, <c>上海市浦东新区****</c>.
/// </summary>
/// <remarks>
/// Contract of every method: any string is accepted (empty, white space, emoji, unpaired surrogates)
/// and nothing throws; null gives null and empty or white space gives "". The result is well-formed
/// UTF-16 (an unpaired surrogate that would be kept becomes U+FFFD) and shows at most the parts each
/// method names. Masking is idempotent: a masked value masks to itself, because <c>*</c> in the input
/// is read as an already hidden character. Where the hidden part's length would tell something it is
/// written as a fixed <c>****</c>; a name keeps one <c>*</c> per hidden character, as Chinese
/// services write it.
/// </remarks>
public static class Masking
{
    private const string Hidden = "****";
    private const char Star = '*';
    private const int MaxProvinceLength = 9;
    private const int MaxCityLength = 11;
    private const int MaxDistrictLength = 8;
    private const int AddressFallbackKeep = 6;

    private static readonly string[] Municipalities = ["北京", "上海", "天津", "重庆"];
    private static readonly string[] ProvinceSuffixes = ["特别行政区", "自治区", "省"];

    /// <summary>
    /// A phone number's first three and last four digits: <c>13812345678</c>, <c>+86 138-1234-5678</c> and
    /// <c>0086 13812345678</c> all give <c>138****5678</c>. Only digits count (spaces, dashes, brackets and
    /// a leading <c>+</c> are dropped); an international <c>00</c> and the <c>86</c> before a Chinese mobile
    /// number are removed first. 11 digits or more: first 3 + <c>****</c> + last 4; 8 to 10 digits:
    /// <c>****</c> + last 4 (so that at least four are always hidden); fewer: all but the last two
    /// (at most half) become <c>*</c>. A value without digits gives <c>****</c>.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Phone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Blank(value);
        }

        var number = Only(value, c => char.IsAsciiDigit(c) || c == Star).AsSpan();
        if (number.IsEmpty)
        {
            return Hidden;
        }

        // Only a number long enough to carry a country code loses its prefix: a masked result (11 characters
        // at most) never does, which keeps masking idempotent.
        if (number.Length > 11 && number.StartsWith("00"))
        {
            number = number[2..];
        }

        if (number.Length == 13 && number.StartsWith("861"))
        {
            number = number[2..];
        }

        if (number.Length >= 11)
        {
            return string.Concat(number[..3], Hidden, number[^4..]);
        }

        if (number.Length >= 8)
        {
            return string.Concat(Hidden, number[^4..]);
        }

        var keep = Math.Min(2, number.Length / 2);
        return string.Concat(new string(Star, number.Length - keep), number[^keep..]);
    }

    /// <summary>
    /// An e-mail address's first character and domain: <c>alice@x.com</c> gives <c>a***@x.com</c>. The part
    /// after the last <c>@</c> is the domain; a value without <c>@</c> is not an address and gives <c>****</c>.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Email(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Blank(value);
        }

        var text = value.AsSpan().Trim();
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return Hidden;
        }

        var local = text[..at];
        var first = local.IsEmpty || local[0] == Star ? [] : local[..FirstRuneLength(local)];
        return string.Concat(Keep(first), "***@", Keep(text[(at + 1)..]));
    }

    /// <summary>
    /// A person's name with only the surname or the initials left. A name with Chinese characters keeps its
    /// surname — two characters for a compound one, from the same list the name comparator uses — and one
    /// <c>*</c> for every other character, white space removed: <c>张三</c> → <c>张*</c>, <c>欧阳娜娜</c> →
    /// <c>欧阳**</c>. Any other name keeps the first letter of each word and one <c>*</c> for every other
    /// letter: <c>Alice Smith</c> → <c>A**** S****</c> (words separated by one space).
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Name(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Blank(value);
        }

        var text = value.AsSpan();
        if (HasHan(text))
        {
            var name = Only(value, c => !char.IsWhiteSpace(c)).AsSpan();
            var surname = ChineseNameComparator.SurnameLength(name);
            if (surname == 1)
            {
                surname = FirstRuneLength(name);
            }

            return string.Concat(Keep(name[..surname]), new string(Star, RuneCount(name[surname..])));
        }

        var words = new List<string>();
        foreach (var word in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var first = FirstRuneLength(word);
            words.Add(string.Concat(Keep(word.AsSpan(0, first)), new string(Star, RuneCount(word.AsSpan(first)))));
        }

        return string.Join(' ', words);
    }

    /// <summary>
    /// A postal address cut after its district, the rest written as <c>****</c>:
    /// <c>上海市浦东新区张江路123号</c> → <c>上海市浦东新区****</c>, <c>广东省深圳市南山区科技园1号</c> →
    /// <c>广东省深圳市南山区****</c>. The kept part is the province (…省, …自治区, …特别行政区 or one of
    /// 北京, 上海, 天津, 重庆), then the first 区/县/市/州/盟/旗 after it (a municipality's district: 区/县
    /// only), then, when that was a prefecture (市/州/盟), the next 区/县/市/旗 — each within a few
    /// characters. An address without them (a Latin one, a bare street) keeps its first six characters,
    /// fewer when it is short, so that at least four are hidden.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Address(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Blank(value);
        }

        var text = value.AsSpan().Trim();
        var end = RegionEnd(text);
        if (end == 0)
        {
            var keep = Math.Clamp(RuneCount(text) - Hidden.Length, 0, AddressFallbackKeep);
            for (var i = 0; i < keep; i++)
            {
                end += FirstRuneLength(text[end..]);
            }
        }

        return string.Concat(Keep(text[..end]), Hidden);
    }

    /// <summary>
    /// An identity card number: the 18-character 身份证 keeps its first 6 (the region) and last 4 characters,
    /// <c>110101199003071234</c> → <c>110101********1234</c>; the old 15-digit card likewise with five
    /// <c>*</c>. White space is dropped. Anything else keeps only its last 4 characters when it has 8 or more:
    /// <c>****</c> + last 4, else <c>****</c>.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? IdNumber(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Blank(value);
        }

        var id = Only(value, c => !char.IsWhiteSpace(c)).AsSpan();
        if (id.Length == 18 && AllDigits(id[..17]) && (AllDigits(id[17..]) || id[17] is 'X' or 'x'))
        {
            return string.Concat(id[..6], "********", id[^4..]);
        }

        if (id.Length == 15 && AllDigits(id))
        {
            return string.Concat(id[..6], "*****", id[^4..]);
        }

        return id.Length >= 8 ? string.Concat(Hidden, Keep(id[^4..])) : Hidden;
    }

    /// <summary>What a null, empty or white-space value masks to: null for null, else "".</summary>
    private static string? Blank(string? value) => value is null ? null : "";

    private static string Only(string value, Func<char, bool> keep) => new([.. value.Where(keep)]);

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c != Star)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where the province, city and district at the start of <paramref name="text"/> end; 0 when none is recognised.</summary>
    private static int RegionEnd(ReadOnlySpan<char> text)
    {
        var (province, municipality) = ProvinceEnd(text);
        if (municipality)
        {
            var district = LevelEnd(text, province, "区县", MaxDistrictLength);
            return district > 0 ? district : province;
        }

        var city = LevelEnd(text, province, "区县市州盟旗", MaxCityLength);
        if (city == 0)
        {
            return province;
        }

        if (text[city - 1] is '市' or '州' or '盟')
        {
            var district = LevelEnd(text, city, "区县市旗", MaxDistrictLength);
            return district > 0 ? district : city;
        }

        return city;
    }

    private static (int End, bool Municipality) ProvinceEnd(ReadOnlySpan<char> text)
    {
        foreach (var city in Municipalities)
        {
            if (text.StartsWith(city, StringComparison.Ordinal))
            {
                return (text[city.Length..].StartsWith('市') ? city.Length + 1 : city.Length, true);
            }
        }

        var window = text[..Math.Min(text.Length, MaxProvinceLength)];
        foreach (var suffix in ProvinceSuffixes)
        {
            var at = window.IndexOf(suffix, StringComparison.Ordinal);
            if (at > 0)
            {
                return (at + suffix.Length, false);
            }
        }

        return (0, false);
    }

    /// <summary>The end of the first of <paramref name="terminators"/> within <paramref name="maxLength"/> characters after <paramref name="start"/> (not the first of them); 0 when none.</summary>
    private static int LevelEnd(ReadOnlySpan<char> text, int start, string terminators, int maxLength)
    {
        var window = text[start..Math.Min(text.Length, start + maxLength)];
        for (var i = 1; i < window.Length; i++)
        {
            if (terminators.Contains(window[i], StringComparison.Ordinal))
            {
                return start + i + 1;
            }
        }

        return 0;
    }

    private static bool HasHan(ReadOnlySpan<char> text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3134F))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The UTF-16 length of the first character: 2 for a surrogate pair, 1 otherwise (also for an unpaired surrogate), 0 when empty.</summary>
    private static int FirstRuneLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        Rune.DecodeFromUtf16(text, out _, out var consumed);
        return consumed;
    }

    private static int RuneCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>The kept part as well-formed UTF-16: an unpaired surrogate becomes U+FFFD.</summary>
    private static string Keep(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        Span<char> buffer = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(buffer[..rune.EncodeToUtf16(buffer)]);
        }

        return builder.ToString();
    }
}

using FsCheck.Xunit;
using Helix.Core.Privacy;

namespace Helix.Core.Tests.Privacy;

/// <summary>
/// Random strings — digits, separators, Chinese characters, emoji, unpaired surrogates, <c>*</c> — through
/// every mask: nothing throws, the result is well-formed, masking twice changes nothing, and no more than
/// the documented prefix and suffix is ever shown.
/// </summary>
public sealed class MaskingPropertyTests
{
    private static readonly Func<string?, string?>[] Masks = [Masking.Phone, Masking.Email, Masking.Name, Masking.Address, Masking.IdNumber];

    private static readonly string[] Pieces =
    [
        "0", "1", "3", "8", "6", "9", "*", "+", "-", " ", "\t", "@", ".", "·", "X", "a", "Z",
        "张", "欧", "阳", "歐", "陽", "省", "市", "区", "县", "州", "上海", "自治区", "特别行政区",
        "😀", "𠀀", "\uD800", "\uDC00", "\uFFFD", "\u200D",
    ];

    [Property(MaxTest = 500)]
    public bool AnyString_MasksWellFormed_AndIdempotent(int seed)
    {
        var value = RandomText(new Random(seed));

        return Masks.All(mask => mask(value) is { } once && WellFormed(once) && mask(once) == once);
    }

    [Property(MaxTest = 300)]
    public bool ArbitraryStrings_NeverThrow_AndAreIdempotent(string? value) =>
        Masks.All(mask => mask(mask(value)) == mask(value) && (value is null) == (mask(value) is null));

    [Property(MaxTest = 300)]
    public bool Phone_ShowsAtMostThreeLeadingAndFourTrailingDigits(int seed)
    {
        var random = new Random(seed);
        // A first digit other than 0 and 8, so that no international prefix is removed.
        var digits = "1234567"[random.Next(7)] + string.Concat(Enumerable.Range(0, random.Next(0, 16)).Select(_ => (char)('0' + random.Next(10))));
        var written = string.Concat(digits.Select(c => random.Next(4) == 0 ? $"{c} " : $"{c}"));

        var masked = Masking.Phone(written);

        var shownBefore = masked.IndexOf('*', StringComparison.Ordinal);
        var shownAfter = masked.Length - masked.LastIndexOf('*') - 1;
        var hidden = digits.Length - shownBefore - shownAfter;
        return shownBefore <= 3 && shownAfter <= 4 && hidden >= Math.Min(4, (digits.Length + 1) / 2)
            && digits.StartsWith(masked[..shownBefore], StringComparison.Ordinal)
            && digits.EndsWith(masked[^shownAfter..], StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public bool Email_ShowsOnlyTheFirstCharacterAndTheDomain(int seed)
    {
        var random = new Random(seed);
        var local = RandomText(random);
        var domain = RandomText(random).Replace("@", "", StringComparison.Ordinal);
        var value = $"{local}@{domain}";

        var masked = Masking.Email(value);

        var at = masked.LastIndexOf('@');
        var shown = masked[..at].TrimEnd('*');
        return at >= 0 && RuneCount(shown) <= 1 && Sanitized(value.Trim()).StartsWith(shown, StringComparison.Ordinal)
            && Sanitized(value.Trim()).EndsWith(masked[(at + 1)..], StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public bool Name_ShowsAtMostTheSurnameOrOneLetterAWord(int seed)
    {
        var value = RandomText(new Random(seed));

        var masked = Masking.Name(value);

        var shown = masked.EnumerateRunes().Count(r => r.Value != '*' && r.Value != ' ');
        var words = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return shown <= Math.Max(2, words);
    }

    [Property(MaxTest = 300)]
    public bool Address_ShowsAPrefixOnly(int seed)
    {
        var value = RandomText(new Random(seed));

        var masked = Masking.Address(value);

        return value.Trim().Length == 0 || (masked.EndsWith("****", StringComparison.Ordinal)
            && Sanitized(value.Trim()).StartsWith(masked[..^4], StringComparison.Ordinal));
    }

    [Property(MaxTest = 200)]
    public bool IdNumber_ShowsRegionAndLastFourOfACard(int seed)
    {
        var random = new Random(seed);
        var id = string.Concat(Enumerable.Range(0, 18).Select(_ => (char)('0' + random.Next(10))));

        return Masking.IdNumber(id) == $"{id[..6]}********{id[^4..]}";
    }

    private static string RandomText(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 24)).Select(_ => Pieces[random.Next(Pieces.Length)]));

    private static string Sanitized(string value) => string.Concat(value.EnumerateRunes().Select(r => r.ToString()));

    private static int RuneCount(string value) => value.EnumerateRunes().Count();

    private static bool WellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}

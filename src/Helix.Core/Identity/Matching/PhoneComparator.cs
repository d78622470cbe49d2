namespace Helix.Core.Identity.Matching;

/// <summary>
/// Phone numbers and the fragments of them that sources keep: a full mobile number from the CRM, the same
/// number with +86 from a mini-program, the last four digits a courier or a store asks for.
/// </summary>
public static class PhoneComparator
{
    private const int MaxDigits = 32;

    /// <returns>
    /// Exact when the digits are equal (a leading 86 country code on a Chinese mobile number is ignored);
    /// Close when the last eight digits are equal; Partial when the last four are; else Disagree. Missing
    /// when either side has no digits.
    /// </returns>
    public static ComparisonLevel Compare(string? left, string? right)
    {
        Span<char> a = stackalloc char[MaxDigits];
        Span<char> b = stackalloc char[MaxDigits];
        a = Digits(left, a);
        b = Digits(right, b);
        if (a.IsEmpty || b.IsEmpty)
        {
            return ComparisonLevel.Missing;
        }

        if (a.SequenceEqual(b))
        {
            return ComparisonLevel.Exact;
        }

        return SameEnding(a, b, 8) ? ComparisonLevel.Close
            : SameEnding(a, b, 4) ? ComparisonLevel.Partial
            : ComparisonLevel.Disagree;
    }

    private static bool SameEnding(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int length) =>
        a.Length >= length && b.Length >= length && a[^length..].SequenceEqual(b[^length..]);

    /// <summary>The digits of <paramref name="value"/> (at most 32), without 0086 / 86 before an 11-digit mobile number.</summary>
    private static Span<char> Digits(string? value, Span<char> buffer)
    {
        var count = 0;
        foreach (var c in value.AsSpan())
        {
            if (char.IsAsciiDigit(c) && count < buffer.Length)
            {
                buffer[count++] = c;
            }
        }

        var digits = buffer[..count];
        if (digits.StartsWith("00"))
        {
            digits = digits[2..];
        }

        return digits.Length == 13 && digits.StartsWith("861") ? digits[2..] : digits;
    }
}

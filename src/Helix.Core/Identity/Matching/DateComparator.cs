namespace Helix.Core.Identity.Matching;

/// <summary>
/// Dates of birth written as YYYYMMDD (separators are ignored: 1990-02-19 is 19900219). The levels follow
/// how dates go wrong when typed: a swapped day and month, one wrong digit, a wrong day.
/// </summary>
/// <remarks>
/// Works on the digits, so an impossible date (19990231, month 13) still compares — a typo often makes
/// one, and it is still evidence. A value that is not eight digits only matches itself exactly.
/// </remarks>
public static class DateComparator
{
    private const int Length = 8;

    /// <returns>
    /// Exact when equal; Close when day and month are swapped (same year) or one digit differs; Partial for
    /// the same year and month; else Disagree. Missing when either side is empty.
    /// </returns>
    public static ComparisonLevel Compare(string? left, string? right)
    {
        if (string.IsNullOrWhiteSpace(left) || string.IsNullOrWhiteSpace(right))
        {
            return ComparisonLevel.Missing;
        }

        Span<char> a = stackalloc char[Length];
        Span<char> b = stackalloc char[Length];
        if (!TryDigits(left, a) || !TryDigits(right, b))
        {
            return left.AsSpan().Trim().SequenceEqual(right.AsSpan().Trim()) ? ComparisonLevel.Exact : ComparisonLevel.Disagree;
        }

        if (a.SequenceEqual(b))
        {
            return ComparisonLevel.Exact;
        }

        if (IsDayMonthSwap(a, b) || SingleEdit.IsSubstitution(a, b))
        {
            return ComparisonLevel.Close;
        }

        return a[..6].SequenceEqual(b[..6]) ? ComparisonLevel.Partial : ComparisonLevel.Disagree;
    }

    private static bool IsDayMonthSwap(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        a[..4].SequenceEqual(b[..4]) && a[4..6].SequenceEqual(b[6..8]) && a[6..8].SequenceEqual(b[4..6]);

    /// <summary>Copies exactly eight digits into <paramref name="digits"/>, skipping separators; false for anything else.</summary>
    private static bool TryDigits(string value, Span<char> digits)
    {
        var count = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == Length)
                {
                    return false;
                }

                digits[count++] = c;
            }
            else if (c is not ('-' or '/' or '.' or ' '))
            {
                return false;
            }
        }

        return count == Length;
    }
}

namespace Helix.Core.Identity.Matching;

/// <summary>
/// Jaro and Jaro–Winkler similarity (Winkler 1990): built for the typos of hand-keyed names, where a
/// shared beginning counts more than a shared end. Ordinal and case-sensitive; does not allocate for
/// values up to 256 characters.
/// </summary>
public static class JaroWinkler
{
    /// <summary>Weight of each common prefix character.</summary>
    public const double PrefixScale = 0.1;

    /// <summary>At most this many common prefix characters are rewarded.</summary>
    public const int MaxPrefix = 4;

    /// <summary>Winkler only boosts pairs already this similar, so the prefix never rescues unrelated strings.</summary>
    public const double BoostThreshold = 0.7;

    private const int StackLimit = 256;

    /// <summary>Jaro similarity in [0, 1]: two empty strings are identical (1), one empty string matches nothing (0).</summary>
    public static double Jaro(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        if (left.IsEmpty || right.IsEmpty)
        {
            return left.IsEmpty && right.IsEmpty ? 1.0 : 0.0;
        }

        Span<bool> leftMatched = left.Length <= StackLimit ? stackalloc bool[left.Length] : new bool[left.Length];
        Span<bool> rightMatched = right.Length <= StackLimit ? stackalloc bool[right.Length] : new bool[right.Length];
        var matches = CountMatches(left, right, leftMatched, rightMatched);
        if (matches == 0)
        {
            return 0.0;
        }

        var halfTranspositions = CountOutOfOrder(left, right, leftMatched, rightMatched) / 2.0;
        return ((double)matches / left.Length + (double)matches / right.Length + (matches - halfTranspositions) / matches) / 3.0;
    }

    /// <summary>Jaro–Winkler similarity in [0, 1]: Jaro plus 0.1 per common prefix character (at most 4).</summary>
    public static double Similarity(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        var jaro = Jaro(left, right);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }

        var limit = Math.Min(MaxPrefix, Math.Min(left.Length, right.Length));
        var prefix = 0;
        while (prefix < limit && left[prefix] == right[prefix])
        {
            prefix++;
        }

        return jaro + prefix * PrefixScale * (1.0 - jaro);
    }

    /// <summary>Exact when equal, else Close or Partial when the similarity reaches the threshold, else Disagree.</summary>
    public static ComparisonLevel Compare(string? left, string? right, double closeThreshold, double partialThreshold)
    {
        if (string.IsNullOrWhiteSpace(left) || string.IsNullOrWhiteSpace(right))
        {
            return ComparisonLevel.Missing;
        }

        var a = left.AsSpan().Trim();
        var b = right.AsSpan().Trim();
        if (a.SequenceEqual(b))
        {
            return ComparisonLevel.Exact;
        }

        var similarity = Similarity(a, b);
        return similarity >= closeThreshold ? ComparisonLevel.Close
            : similarity >= partialThreshold ? ComparisonLevel.Partial
            : ComparisonLevel.Disagree;
    }

    /// <summary>Characters are matched when equal and no further apart than half the longer length, minus one.</summary>
    private static int CountMatches(ReadOnlySpan<char> left, ReadOnlySpan<char> right, Span<bool> leftMatched, Span<bool> rightMatched)
    {
        var window = Math.Max(0, (Math.Max(left.Length, right.Length) / 2) - 1);
        var matches = 0;
        for (var i = 0; i < left.Length; i++)
        {
            var end = Math.Min(right.Length - 1, i + window);
            for (var j = Math.Max(0, i - window); j <= end; j++)
            {
                if (!rightMatched[j] && left[i] == right[j])
                {
                    leftMatched[i] = rightMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        return matches;
    }

    private static int CountOutOfOrder(ReadOnlySpan<char> left, ReadOnlySpan<char> right, ReadOnlySpan<bool> leftMatched, ReadOnlySpan<bool> rightMatched)
    {
        var outOfOrder = 0;
        var j = 0;
        for (var i = 0; i < left.Length; i++)
        {
            if (!leftMatched[i])
            {
                continue;
            }

            while (!rightMatched[j])
            {
                j++;
            }

            if (left[i] != right[j])
            {
                outOfOrder++;
            }

            j++;
        }

        return outOfOrder;
    }
}

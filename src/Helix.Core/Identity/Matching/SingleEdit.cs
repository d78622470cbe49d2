namespace Helix.Core.Identity.Matching;

/// <summary>
/// Whether two different strings are one keying mistake apart. The comparators of codes (postcodes,
/// dates, ids) use these instead of an edit distance: one mistake is evidence, two are a different code.
/// </summary>
internal static class SingleEdit
{
    /// <summary>Same length, exactly one position differs.</summary>
    public static bool IsSubstitution(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        var differences = 0;
        for (var i = 0; i < left.Length && differences <= 1; i++)
        {
            differences += left[i] == right[i] ? 0 : 1;
        }

        return differences == 1;
    }

    /// <summary>Same length, two neighbouring characters swapped (1234 / 1324), everything else equal.</summary>
    public static bool IsAdjacentTransposition(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        var first = left.CommonPrefixLength(right);
        return first < left.Length - 1
            && left[first] == right[first + 1] && left[first + 1] == right[first]
            && left[(first + 2)..].SequenceEqual(right[(first + 2)..]);
    }

    /// <summary>One character more on one side, everything else equal and in order.</summary>
    public static bool IsInsertionOrDeletion(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        return left.Length + 1 == right.Length ? IsOneDeleted(right, left)
            : right.Length + 1 == left.Length && IsOneDeleted(left, right);
    }

    private static bool IsOneDeleted(ReadOnlySpan<char> longer, ReadOnlySpan<char> shorter)
    {
        var prefix = shorter.CommonPrefixLength(longer);
        return shorter[prefix..].SequenceEqual(longer[(prefix + 1)..]);
    }
}

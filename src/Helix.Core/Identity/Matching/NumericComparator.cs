namespace Helix.Core.Identity.Matching;

/// <summary>
/// Codes written as digits — postcodes, house numbers, id numbers — where "close" is a keying mistake,
/// not a small numeric difference: 4011 and 4012 are as far apart as 4011 and 9011.
/// </summary>
public static class NumericComparator
{
    /// <returns>
    /// Exact when equal; Close for one digit replaced or two neighbouring digits swapped; Partial for one
    /// digit inserted or dropped; else Disagree. Missing when either side is empty.
    /// </returns>
    public static ComparisonLevel Compare(string? left, string? right)
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

        if (SingleEdit.IsSubstitution(a, b) || SingleEdit.IsAdjacentTransposition(a, b))
        {
            return ComparisonLevel.Close;
        }

        return SingleEdit.IsInsertionOrDeletion(a, b) ? ComparisonLevel.Partial : ComparisonLevel.Disagree;
    }
}

namespace Helix.Core.Identity.Matching;

/// <summary>Ordinal equality; callers normalise case and spacing first, as for every comparator.</summary>
public static class ExactComparator
{
    public static ComparisonLevel Compare(string? left, string? right)
    {
        if (string.IsNullOrWhiteSpace(left) || string.IsNullOrWhiteSpace(right))
        {
            return ComparisonLevel.Missing;
        }

        return left.AsSpan().Trim().SequenceEqual(right.AsSpan().Trim()) ? ComparisonLevel.Exact : ComparisonLevel.Disagree;
    }
}

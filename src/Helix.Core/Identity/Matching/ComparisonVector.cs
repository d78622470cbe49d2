namespace Helix.Core.Identity.Matching;

/// <summary>
/// A pair's levels over all fields, and their packing into one number (base 5: Missing and four levels
/// per field) so that EM can count identical vectors instead of iterating over millions of pairs.
/// </summary>
internal static class ComparisonVector
{
    /// <summary>5^27 still fits in a long.</summary>
    public const int MaxFields = 27;

    private const int Base = MatchModel.LevelCount + 1;

    public static void Fill(IReadOnlyList<MatchField> fields, MatchRecord left, MatchRecord right, Span<ComparisonLevel> levels)
    {
        for (var f = 0; f < fields.Count; f++)
        {
            levels[f] = fields[f].Compare(left.Values[f], right.Values[f]);
        }
    }

    public static long Encode(ReadOnlySpan<ComparisonLevel> levels)
    {
        var pattern = 0L;
        for (var f = levels.Length - 1; f >= 0; f--)
        {
            pattern = (pattern * Base) + (int)levels[f] + 1;
        }

        return pattern;
    }

    public static void Decode(long pattern, Span<ComparisonLevel> levels)
    {
        for (var f = 0; f < levels.Length; f++)
        {
            levels[f] = (ComparisonLevel)((int)(pattern % Base) - 1);
            pattern /= Base;
        }
    }
}

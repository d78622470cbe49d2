namespace Helix.Core.Identity.Matching;

/// <summary>
/// Level frequencies among random pairs: almost all random pairs are non-matches, so these are a good
/// first u (how often a field agrees by chance — often for a state, rarely for an id number).
/// </summary>
internal static class RandomPairSampler
{
    /// <returns>[field][level] frequencies over the non-missing comparisons, clamped to the probability floor.</returns>
    public static double[][] LevelFrequencies(IReadOnlyList<MatchField> fields, MatchTables tables, MatchEstimationOptions options)
    {
        var counts = Enumerable.Range(0, fields.Count).Select(_ => new long[MatchModel.LevelCount]).ToArray();
        if (tables.Left.Count > 0 && tables.Right.Count > (tables.IsDedupe ? 1 : 0))
        {
            Sample(fields, tables, options, counts);
        }

        return [.. counts.Select(levels => Frequencies(levels, options.ProbabilityFloor))];
    }

    private static void Sample(IReadOnlyList<MatchField> fields, MatchTables tables, MatchEstimationOptions options, long[][] counts)
    {
        var random = new Random(options.Seed);
        for (var s = 0; s < options.RandomPairs; s++)
        {
            var left = random.Next(tables.Left.Count);
            var right = random.Next(tables.IsDedupe ? tables.Right.Count - 1 : tables.Right.Count);
            if (tables.IsDedupe && right >= left)
            {
                right++;
            }

            for (var f = 0; f < fields.Count; f++)
            {
                var level = fields[f].Compare(tables.Left[left].Values[f], tables.Right[right].Values[f]);
                if (level != ComparisonLevel.Missing)
                {
                    counts[f][(int)level]++;
                }
            }
        }
    }

    /// <summary>With no comparisons at all (a field always empty) every level is equally likely.</summary>
    private static double[] Frequencies(long[] counts, double floor)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => total == 0 ? 1.0 / counts.Length : Math.Clamp((double)c / total, floor, 1.0 - floor))];
    }
}

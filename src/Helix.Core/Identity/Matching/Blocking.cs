namespace Helix.Core.Identity.Matching;

/// <summary>
/// Candidate pairs without comparing every record with every other: the union, over the rules, of the
/// pairs that share a rule's key. Several loose rules together lose fewer true pairs than one strict rule,
/// because a typo has to hit every rule's key to separate a pair.
/// </summary>
public static class Blocking
{
    /// <summary>A block larger than this is a key that does not discriminate; it is skipped and counted.</summary>
    public const int DefaultMaxBlockSize = 500;

    /// <summary>Deterministic: the same tables and rules give the same pairs in the same (sorted) order.</summary>
    public static BlockingResult CandidatePairs(MatchTables tables, IReadOnlyList<BlockingRule> rules, int maxBlockSize = DefaultMaxBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlockSize, 2);
        var keys = new HashSet<long>();
        var skippedBlocks = 0;
        var skippedPairs = 0L;
        foreach (var rule in rules)
        {
            var left = Blocks(tables.Left, rule);
            var right = tables.IsDedupe ? left : Blocks(tables.Right, rule);
            foreach (var (key, leftBlock) in left)
            {
                if (!right.TryGetValue(key, out var rightBlock))
                {
                    continue;
                }

                var size = tables.IsDedupe ? leftBlock.Count : leftBlock.Count + rightBlock.Count;
                if (size > maxBlockSize)
                {
                    skippedBlocks++;
                    skippedPairs += tables.IsDedupe ? (long)size * (size - 1) / 2 : (long)leftBlock.Count * rightBlock.Count;
                    continue;
                }

                AddPairs(keys, leftBlock, rightBlock, tables.IsDedupe);
            }
        }

        var sorted = keys.ToArray();
        Array.Sort(sorted);
        return new BlockingResult(Array.ConvertAll(sorted, RecordPair.FromKey), skippedBlocks, skippedPairs);
    }

    private static Dictionary<string, List<int>> Blocks(IReadOnlyList<MatchRecord> records, BlockingRule rule)
    {
        var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var key = rule.Key(records[i]);
            if (string.IsNullOrEmpty(key))
            {
                continue;
            }

            if (!blocks.TryGetValue(key, out var block))
            {
                blocks[key] = block = [];
            }

            block.Add(i);
        }

        return blocks;
    }

    /// <summary>Positions in a block are ascending, so a dedupe's pairs come out with left &lt; right.</summary>
    private static void AddPairs(HashSet<long> keys, List<int> left, List<int> right, bool dedupe)
    {
        for (var a = 0; a < left.Count; a++)
        {
            for (var b = dedupe ? a + 1 : 0; b < right.Count; b++)
            {
                keys.Add(new RecordPair(left[a], right[b]).ToKey());
            }
        }
    }
}

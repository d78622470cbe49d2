namespace Helix.Core.Identity.Matching;

/// <summary>
/// How often each distinct comparison vector occurs. Nine fields of five states allow two million
/// vectors, but real pairs show a few thousand, so EM over patterns is far cheaper than over pairs.
/// </summary>
internal sealed class PatternCounts
{
    private readonly Dictionary<long, long> _counts = [];

    public PatternCounts(int fieldCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fieldCount, ComparisonVector.MaxFields);
        FieldCount = fieldCount;
    }

    public int FieldCount { get; }

    public long Total { get; private set; }

    public int Distinct => _counts.Count;

    public static PatternCounts Of(IReadOnlyList<MatchField> fields, MatchTables tables, IReadOnlyList<RecordPair> pairs)
    {
        var counts = new PatternCounts(fields.Count);
        Span<ComparisonLevel> levels = stackalloc ComparisonLevel[fields.Count];
        foreach (var pair in pairs)
        {
            ComparisonVector.Fill(fields, tables.Left[pair.Left], tables.Right[pair.Right], levels);
            counts.Add(levels);
        }

        return counts;
    }

    public void Add(ReadOnlySpan<ComparisonLevel> levels, long count = 1)
    {
        var pattern = ComparisonVector.Encode(levels);
        _counts[pattern] = _counts.GetValueOrDefault(pattern) + count;
        Total += count;
    }

    /// <summary>Patterns in ascending order with their counts: a fixed order makes EM's sums, and so the model, reproducible bit for bit.</summary>
    public (ComparisonLevel[][] Vectors, long[] Counts) Sorted()
    {
        var patterns = _counts.Keys.Order().ToArray();
        var vectors = new ComparisonLevel[patterns.Length][];
        for (var p = 0; p < patterns.Length; p++)
        {
            vectors[p] = new ComparisonLevel[FieldCount];
            ComparisonVector.Decode(patterns[p], vectors[p]);
        }

        return (vectors, Array.ConvertAll(patterns, p => _counts[p]));
    }
}

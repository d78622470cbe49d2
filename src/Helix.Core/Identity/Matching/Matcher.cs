namespace Helix.Core.Identity.Matching;

/// <summary>Scores candidate pairs with a model and decides each against two thresholds.</summary>
public static class Matcher
{
    /// <returns>The pairs that reach <see cref="MatchThresholds.Review"/>, in the order of <paramref name="pairs"/>.</returns>
    public static IReadOnlyList<MatchCandidate> Classify(MatchModel model, MatchTables tables, IReadOnlyList<RecordPair> pairs, MatchThresholds thresholds)
    {
        var candidates = new List<MatchCandidate>();
        Span<ComparisonLevel> levels = stackalloc ComparisonLevel[model.Fields.Count];
        foreach (var pair in pairs)
        {
            var left = tables.Left[pair.Left];
            var right = tables.Right[pair.Right];
            ComparisonVector.Fill(model.Fields, left, right, levels);
            var score = model.Score(levels);
            var decision = thresholds.Decide(score);
            if (decision != MatchDecision.NoMatch)
            {
                candidates.Add(new MatchCandidate(pair, left.Id, right.Id, score, levels.ToArray(), decision));
            }
        }

        return candidates;
    }

    /// <summary>Field by field, why <paramref name="left"/> and <paramref name="right"/> score what they score.</summary>
    public static IReadOnlyList<FieldEvidence> Explain(MatchModel model, MatchRecord left, MatchRecord right)
    {
        var evidence = new FieldEvidence[model.Fields.Count];
        for (var f = 0; f < evidence.Length; f++)
        {
            var field = model.Fields[f];
            var (a, b) = (left.Values[f], right.Values[f]);
            var level = field.Compare(a, b);
            double? similarity = field.Comparator == ComparatorKind.JaroWinkler && level != ComparisonLevel.Missing
                ? JaroWinkler.Similarity(a.AsSpan().Trim(), b.AsSpan().Trim())
                : null;
            evidence[f] = new FieldEvidence(field.Name, level, similarity, model.Weight(f, level));
        }

        return evidence;
    }
}

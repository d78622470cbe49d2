namespace Helix.Core.Identity.Matching;

/// <summary>
/// A Fellegi–Sunter model: per field and level the m and u probabilities, and λ, the share of true
/// matches among the candidate pairs it was estimated on. A pair's score is the sum of the fields'
/// log2(m/u) — bits of evidence, so a caller can read how much each field added.
/// </summary>
public sealed class MatchModel
{
    /// <summary>The levels Disagree, Partial, Close and Exact; Missing has no probabilities.</summary>
    public const int LevelCount = 4;

    private readonly double[][] _weights;

    public MatchModel(IReadOnlyList<MatchField> fields, IReadOnlyList<FieldProbabilities> probabilities, double lambda)
    {
        if (fields.Count != probabilities.Count || probabilities.Any(p => p.M.Count != LevelCount || p.U.Count != LevelCount))
        {
            throw new ArgumentException($"Expected {LevelCount} m and u probabilities for each of the {fields.Count} fields.", nameof(probabilities));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lambda, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lambda, 1.0);
        Fields = fields;
        Probabilities = probabilities;
        Lambda = lambda;
        _weights = [.. probabilities.Select(p => Enumerable.Range(0, LevelCount).Select(l => p.Weight((ComparisonLevel)l)).ToArray())];
    }

    public IReadOnlyList<MatchField> Fields { get; }

    public IReadOnlyList<FieldProbabilities> Probabilities { get; }

    public double Lambda { get; }

    public double Weight(int field, ComparisonLevel level) =>
        level == ComparisonLevel.Missing ? 0.0 : _weights[field][(int)level];

    /// <summary>The sum of the fields' weights; <paramref name="levels"/> is in field order.</summary>
    public double Score(ReadOnlySpan<ComparisonLevel> levels)
    {
        var score = 0.0;
        for (var f = 0; f < levels.Length; f++)
        {
            score += Weight(f, levels[f]);
        }

        return score;
    }

    /// <summary>P(match | score) with λ as the prior: the score is a log2 Bayes factor.</summary>
    public double MatchProbability(double score)
    {
        var priorOdds = Lambda / (1.0 - Lambda);
        var odds = priorOdds * Math.Pow(2.0, score);
        return double.IsPositiveInfinity(odds) ? 1.0 : odds / (1.0 + odds);
    }
}

namespace Helix.Core.Identity.Matching;

/// <summary>
/// Fellegi–Sunter EM with conditional independence of the fields: each iteration weighs every distinct
/// comparison vector by the probability that it is a match (E) and re-estimates λ, m and u from those
/// weights (M). Missing levels take part in neither step. Sums run in pattern order, so results repeat
/// bit for bit.
/// </summary>
internal static class ExpectationMaximisation
{
    /// <summary>Matches mostly agree exactly: where EM starts m, by level Disagree … Exact.</summary>
    private static readonly double[] InitialM = [0.05, 0.05, 0.10, 0.80];

    public static EmResult Run(PatternCounts counts, double[][] initialU, MatchEstimationOptions options)
    {
        if (counts.Total == 0)
        {
            throw new ArgumentException("EM needs at least one candidate pair.", nameof(counts));
        }

        var (vectors, frequencies) = counts.Sorted();
        var m = Enumerable.Range(0, counts.FieldCount).Select(_ => (double[])InitialM.Clone()).ToArray();
        var u = initialU.Select(levels => (double[])levels.Clone()).ToArray();
        var lambda = options.InitialLambda;
        var previous = double.NegativeInfinity;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            var logLikelihood = Iterate(vectors, frequencies, m, u, ref lambda, options.ProbabilityFloor);
            if (Math.Abs(logLikelihood - previous) < options.Tolerance)
            {
                return new EmResult(m, u, lambda, iteration, Converged: true, logLikelihood);
            }

            previous = logLikelihood;
        }

        return new EmResult(m, u, lambda, options.MaxIterations, Converged: false, previous);
    }

    /// <summary>One E and M step in place; returns the log-likelihood of the parameters it started from.</summary>
    private static double Iterate(ComparisonLevel[][] vectors, long[] frequencies, double[][] m, double[][] u, ref double lambda, double floor)
    {
        var matchMass = NewTable(m.Length);
        var nonMatchMass = NewTable(m.Length);
        var logLikelihood = 0.0;
        var matches = 0.0;
        var total = 0.0;
        for (var p = 0; p < vectors.Length; p++)
        {
            var (match, nonMatch) = Likelihoods(vectors[p], m, u, lambda);
            var n = (double)frequencies[p];
            var g = match / (match + nonMatch);
            logLikelihood += n * Math.Log(match + nonMatch);
            matches += n * g;
            total += n;
            Accumulate(vectors[p], n * g, n * (1.0 - g), matchMass, nonMatchMass);
        }

        lambda = Math.Clamp(matches / total, floor, 1.0 - floor);
        Normalise(matchMass, m, floor);
        Normalise(nonMatchMass, u, floor);
        return logLikelihood;
    }

    /// <summary>λ·Πm and (1 − λ)·Πu over the fields that are not missing.</summary>
    private static (double Match, double NonMatch) Likelihoods(ComparisonLevel[] levels, double[][] m, double[][] u, double lambda)
    {
        var match = lambda;
        var nonMatch = 1.0 - lambda;
        for (var f = 0; f < levels.Length; f++)
        {
            if (levels[f] != ComparisonLevel.Missing)
            {
                match *= m[f][(int)levels[f]];
                nonMatch *= u[f][(int)levels[f]];
            }
        }

        return (match, nonMatch);
    }

    private static void Accumulate(ComparisonLevel[] levels, double match, double nonMatch, double[][] matchMass, double[][] nonMatchMass)
    {
        for (var f = 0; f < levels.Length; f++)
        {
            if (levels[f] != ComparisonLevel.Missing)
            {
                matchMass[f][(int)levels[f]] += match;
                nonMatchMass[f][(int)levels[f]] += nonMatch;
            }
        }
    }

    /// <summary>Each field's masses become probabilities; a field missing in every pair keeps its previous ones.</summary>
    private static void Normalise(double[][] mass, double[][] probabilities, double floor)
    {
        for (var f = 0; f < mass.Length; f++)
        {
            var sum = mass[f].Sum();
            if (sum <= 0.0)
            {
                continue;
            }

            for (var l = 0; l < MatchModel.LevelCount; l++)
            {
                probabilities[f][l] = Math.Clamp(mass[f][l] / sum, floor, 1.0 - floor);
            }
        }
    }

    private static double[][] NewTable(int fields) =>
        Enumerable.Range(0, fields).Select(_ => new double[MatchModel.LevelCount]).ToArray();
}

namespace Helix.Core.Identity.Matching;

/// <summary>
/// Estimates a <see cref="MatchModel"/> without labelled pairs: u starts from random pairs, m from "matches
/// mostly agree exactly", and EM over the candidate pairs' comparison vectors refines both and λ.
/// </summary>
public static class MatchModelEstimator
{
    /// <summary>Deterministic: the same fields, records, pairs and options give the same model, bit for bit.</summary>
    /// <exception cref="ArgumentException">There are no candidate pairs, or more than 27 fields.</exception>
    public static MatchModelEstimate Estimate(
        IReadOnlyList<MatchField> fields, MatchTables tables, IReadOnlyList<RecordPair> candidates, MatchEstimationOptions? options = null)
    {
        options ??= new MatchEstimationOptions();
        var initialU = RandomPairSampler.LevelFrequencies(fields, tables, options);
        var counts = PatternCounts.Of(fields, tables, candidates);
        var em = ExpectationMaximisation.Run(counts, initialU, options);
        var probabilities = em.M.Zip(em.U, (m, u) => new FieldProbabilities(m, u)).ToArray();
        return new MatchModelEstimate(new MatchModel(fields, probabilities, em.Lambda), em.Iterations, em.Converged, em.LogLikelihood, counts.Distinct);
    }
}

namespace Helix.Core.Identity.Matching;

/// <summary>
/// For one field, indexed by <see cref="ComparisonLevel"/> (Disagree … Exact): m, the probability of each
/// level among true matches, and u, among non-matches. Their ratio is the evidence a level carries.
/// </summary>
public sealed record FieldProbabilities(IReadOnlyList<double> M, IReadOnlyList<double> U)
{
    /// <summary>log2(m/u) for <paramref name="level"/>: positive bits for agreement, negative for disagreement, 0 when missing.</summary>
    public double Weight(ComparisonLevel level) =>
        level == ComparisonLevel.Missing ? 0.0 : Math.Log2(M[(int)level] / U[(int)level]);
}

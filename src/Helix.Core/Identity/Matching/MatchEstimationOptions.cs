namespace Helix.Core.Identity.Matching;

/// <summary>How <see cref="MatchModelEstimator"/> starts and stops EM. The defaults suit tables of thousands to millions of records.</summary>
public sealed record MatchEstimationOptions
{
    /// <summary>Seeds the random pairs that give the starting u: the same seed and input give the same model, bit for bit.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Random pairs compared for the starting u; nearly all of them are non-matches.</summary>
    public int RandomPairs { get; init; } = 20_000;

    /// <summary>Starting share of matches among the candidate pairs; EM moves it.</summary>
    public double InitialLambda { get; init; } = 0.1;

    public int MaxIterations { get; init; } = 200;

    /// <summary>EM stops when the log-likelihood changes by less than this between iterations.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// Probabilities are kept in [floor, 1 − floor]: a level never seen among matches must not become
    /// impossible (an infinite negative weight that no other field could outvote).
    /// </summary>
    public double ProbabilityFloor { get; init; } = 1e-6;
}

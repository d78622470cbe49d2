namespace Helix.Core.Models;

/// <summary>Scores from 1 (worst) to the number of bins (best) in each dimension; a recent order scores high on R.</summary>
public readonly record struct RfmScore(int R, int F, int M);

namespace Helix.Core.Identity.Matching;

/// <summary>An estimated model and how EM reached it: a model that did not converge within the iteration cap says so.</summary>
/// <param name="Patterns">Distinct comparison vectors among the candidate pairs — what EM iterated over.</param>
public sealed record MatchModelEstimate(MatchModel Model, int Iterations, bool Converged, double LogLikelihood, int Patterns);

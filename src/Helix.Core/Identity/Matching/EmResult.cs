namespace Helix.Core.Identity.Matching;

/// <summary>The parameters EM settled on, indexed [field][level], and how it got there.</summary>
internal sealed record EmResult(double[][] M, double[][] U, double Lambda, int Iterations, bool Converged, double LogLikelihood);

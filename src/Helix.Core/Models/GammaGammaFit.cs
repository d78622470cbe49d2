namespace Helix.Core.Models;

/// <summary>A fitted Gamma-Gamma model with the maximised log-likelihood over <paramref name="Customers"/> repeat customers.</summary>
public sealed record GammaGammaFit(GammaGammaModel Model, double LogLikelihood, int Customers, int Iterations);

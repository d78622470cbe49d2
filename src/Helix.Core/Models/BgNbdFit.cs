namespace Helix.Core.Models;

/// <summary>A fitted BG/NBD model with the maximised log-likelihood over <paramref name="Customers"/> customers.</summary>
public sealed record BgNbdFit(BgNbdModel Model, double LogLikelihood, int Customers, int Iterations);

namespace Helix.Core.Analytics.Experiments;

/// <summary>
/// The mixture sequential probability ratio test of Johari, Koomen, Pekelis and Walsh ("Always Valid Inference",
/// Operations Research 2022): for a difference of means θ̂ with variance V, under H₀: θ = 0 and a normal mixture
/// θ ~ N(0, τ²) over the alternatives, the likelihood ratio is
/// Λ = √(V / (V + τ²)) · exp(τ² θ̂² / (2V (V + τ²))). The always-valid p-value after looks 1…n is
/// min(1, 1/Λ₁, …, 1/Λₙ): it never rises, and the chance it ever falls to α under H₀ is at most α however often
/// one looks (Ville's inequality), up to the normal approximation.
/// </summary>
public static class MixtureSprt
{
    /// <summary>Λ for one look; 1 (no evidence) when the variance is not positive.</summary>
    public static double LikelihoodRatio(double difference, double variance, double tau2)
    {
        if (!(variance > 0) || !(tau2 > 0))
        {
            return 1;
        }

        var log = 0.5 * Math.Log(variance / (variance + tau2)) + tau2 * difference * difference / (2 * variance * (variance + tau2));
        return Math.Exp(Math.Min(log, 700));
    }

    /// <summary>The always-valid p-value after each look, from each look's difference and its variance.</summary>
    public static IReadOnlyList<double> PValues(IEnumerable<(double Difference, double Variance)> looks, double tau2)
    {
        var p = 1.0;
        var values = new List<double>();
        foreach (var (difference, variance) in looks)
        {
            p = Math.Min(p, 1 / LikelihoodRatio(difference, variance, tau2));
            values.Add(p);
        }

        return values;
    }
}

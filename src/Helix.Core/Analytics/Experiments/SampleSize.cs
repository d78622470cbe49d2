using MathNet.Numerics.Distributions;

namespace Helix.Core.Analytics.Experiments;

/// <summary>Persons needed per arm to detect an absolute effect with a two-sided test at a significance level and power.</summary>
public static class SampleSize
{
    /// <summary>
    /// For a conversion rate <paramref name="baseline"/> and an absolute change <paramref name="effect"/>, the formula of
    /// Evan Miller's calculator: n = (z₁₋α/₂ √(2p(1−p)) + z_power √(p(1−p) + q(1−q)))² / δ², q = p + δ (rounded up).
    /// Null when q falls outside (0, 1) or the effect is 0.
    /// </summary>
    public static double? Proportions(double baseline, double effect, double alpha, double power)
    {
        var q = baseline + effect;
        if (effect == 0 || q <= 0 || q >= 1 || baseline <= 0 || baseline >= 1)
        {
            return null;
        }

        var za = Normal.InvCDF(0, 1, 1 - alpha / 2);
        var zb = Normal.InvCDF(0, 1, power);
        var n = za * Math.Sqrt(2 * baseline * (1 - baseline)) + zb * Math.Sqrt(baseline * (1 - baseline) + q * (1 - q));
        return n * n / (effect * effect);
    }

    /// <summary>For a mean with standard deviation <paramref name="sd"/> in each arm: n = 2 (z₁₋α/₂ + z_power)² σ² / δ².</summary>
    public static double? Means(double sd, double effect, double alpha, double power)
    {
        if (effect == 0 || sd <= 0)
        {
            return null;
        }

        var z = Normal.InvCDF(0, 1, 1 - alpha / 2) + Normal.InvCDF(0, 1, power);
        return 2 * z * z * sd * sd / (effect * effect);
    }
}

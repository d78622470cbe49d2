using MathNet.Numerics.Distributions;

namespace Helix.Core.Analytics.Experiments;

/// <summary>
/// A treatment's conversion rate against the control's: the difference with a Wald interval (unpooled standard error),
/// the relative uplift with a delta-method interval, and the two-sided two-proportion z-test (pooled standard error).
/// </summary>
public sealed record ProportionComparison(
    double Difference, double DifferenceLow, double DifferenceHigh,
    double? Relative, double? RelativeLow, double? RelativeHigh,
    double Z, double PValue)
{
    /// <summary>Null when either arm is empty or no person in either converted or every person did (the test is undefined).</summary>
    public static ProportionComparison? Compare(long treatmentConversions, long treatmentPersons, long controlConversions, long controlPersons, double alpha)
    {
        if (treatmentPersons == 0 || controlPersons == 0)
        {
            return null;
        }

        double pt = (double)treatmentConversions / treatmentPersons, pc = (double)controlConversions / controlPersons;
        var pooled = (double)(treatmentConversions + controlConversions) / (treatmentPersons + controlPersons);
        var pooledSe = Math.Sqrt(pooled * (1 - pooled) * (1.0 / treatmentPersons + 1.0 / controlPersons));
        if (pooledSe == 0)
        {
            return null;
        }

        var z = (pt - pc) / pooledSe;
        var p = 2 * Normal.CDF(0, 1, -Math.Abs(z));
        var critical = Normal.InvCDF(0, 1, 1 - alpha / 2);
        double vt = pt * (1 - pt) / treatmentPersons, vc = pc * (1 - pc) / controlPersons;
        var se = Math.Sqrt(vt + vc);
        var difference = pt - pc;
        if (pc == 0)
        {
            return new(difference, difference - critical * se, difference + critical * se, null, null, null, z, p);
        }

        // Var(pt/pc) ≈ (pt/pc)² (Var pt / pt² + Var pc / pc²); Var pt / pt² is taken as 0 when pt = 0.
        var ratio = pt / pc;
        var ratioSe = Math.Sqrt((pt == 0 ? 0 : vt / (pt * pt) * ratio * ratio) + vc / (pc * pc) * ratio * ratio);
        return new(difference, difference - critical * se, difference + critical * se,
            ratio - 1, ratio - 1 - critical * ratioSe, ratio - 1 + critical * ratioSe, z, p);
    }
}

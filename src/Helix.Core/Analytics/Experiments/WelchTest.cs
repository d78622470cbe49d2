using MathNet.Numerics.Distributions;

namespace Helix.Core.Analytics.Experiments;

/// <summary>
/// Welch's unequal-variance t-test of a treatment's mean against the control's, with the Welch–Satterthwaite degrees of
/// freedom and a two-sided interval for the difference.
/// </summary>
public sealed record WelchTest(double Difference, double Low, double High, double T, double DegreesOfFreedom, double PValue)
{
    /// <summary>From means, sample variances and sizes. Null with fewer than two persons in an arm or no variance in either.</summary>
    public static WelchTest? Compare(double meanT, double varianceT, long nT, double meanC, double varianceC, long nC, double alpha)
    {
        if (nT < 2 || nC < 2)
        {
            return null;
        }

        double at = varianceT / nT, ac = varianceC / nC;
        var se = Math.Sqrt(at + ac);
        if (se == 0 || !double.IsFinite(se))
        {
            return null;
        }

        var df = (at + ac) * (at + ac) / (at * at / (nT - 1) + ac * ac / (nC - 1));
        var difference = meanT - meanC;
        var t = difference / se;
        var p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        var critical = StudentT.InvCDF(0, 1, df, 1 - alpha / 2);
        return new(difference, difference - critical * se, difference + critical * se, t, df, p);
    }

    public static WelchTest? Compare(Moments treatment, Moments control, double alpha) =>
        Compare(treatment.MeanY, treatment.VarianceY, treatment.N, control.MeanY, control.VarianceY, control.N, alpha);
}

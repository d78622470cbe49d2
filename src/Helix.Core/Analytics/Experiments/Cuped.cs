namespace Helix.Core.Analytics.Experiments;

/// <summary>
/// CUPED (Deng, Xu, Kohavi and Walker, 2013): the outcome Y adjusted by a pre-period covariate X as
/// Y − θ (X − mean X), with θ = cov(Y, X) / var(X) over all persons of all arms together. The adjusted mean of an arm
/// is mean Y − θ (mean X − overall mean X); its variance is var Y − 2θ cov(X, Y) + θ² var X. Over the pooled persons
/// the variance falls by the share ρ², ρ the correlation of X and Y; <see cref="VarianceReduction"/> is that share.
/// </summary>
public sealed record Cuped(double Theta, double VarianceReduction, double OverallMeanX)
{
    public static Cuped Of(Moments pooled)
    {
        var varianceX = pooled.VarianceX;
        var theta = varianceX > 0 ? pooled.Covariance / varianceX : 0;
        var varianceY = pooled.VarianceY;
        var reduction = varianceY > 0 ? 1 - Variance(pooled, theta) / varianceY : 0;
        return new Cuped(theta, reduction, pooled.MeanX);
    }

    public double Mean(Moments arm) => arm.MeanY - Theta * (arm.MeanX - OverallMeanX);

    public double Variance(Moments arm) => Variance(arm, Theta);

    private static double Variance(Moments arm, double theta) =>
        Math.Max(0, arm.VarianceY - 2 * theta * arm.Covariance + theta * theta * arm.VarianceX);

    /// <summary>Welch's test on the adjusted outcome of a treatment against the control.</summary>
    public WelchTest? Compare(Moments treatment, Moments control, double alpha) =>
        WelchTest.Compare(Mean(treatment), Variance(treatment), treatment.N, Mean(control), Variance(control), control.N, alpha);
}

namespace Helix.Core.Analytics.Experiments;

/// <summary>
/// Sufficient statistics of an outcome Y and a pre-period covariate X over a group of persons: the count and the sums
/// of Y, Y², X, X² and XY. Groups add, so days and arms merge without re-reading persons. Variances and covariances are
/// the unbiased sample ones (divided by n − 1); they are 0 for fewer than two persons.
/// </summary>
public readonly record struct Moments(long N, double SumY, double SumY2, double SumX, double SumX2, double SumXY)
{
    public static Moments operator +(Moments a, Moments b) =>
        new(a.N + b.N, a.SumY + b.SumY, a.SumY2 + b.SumY2, a.SumX + b.SumX, a.SumX2 + b.SumX2, a.SumXY + b.SumXY);

    /// <summary>The moments of the given (y, x) pairs.</summary>
    public static Moments Of(IEnumerable<(double Y, double X)> values)
    {
        var moments = default(Moments);
        foreach (var (y, x) in values)
        {
            moments += new Moments(1, y, y * y, x, x * x, x * y);
        }

        return moments;
    }

    public double MeanY => N == 0 ? 0 : SumY / N;

    public double MeanX => N == 0 ? 0 : SumX / N;

    // Variances are clamped at 0: rounding can leave a tiny negative for a constant outcome.
    public double VarianceY => Math.Max(0, Centered(SumY2, SumY, SumY));

    public double VarianceX => Math.Max(0, Centered(SumX2, SumX, SumX));

    public double Covariance => Centered(SumXY, SumX, SumY);

    private double Centered(double products, double a, double b) => N < 2 ? 0 : (products - a * b / N) / (N - 1);
}

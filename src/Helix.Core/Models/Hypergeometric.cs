namespace Helix.Core.Models;

/// <summary>The Gaussian hypergeometric function 2F1, as the BG/NBD predictions need it.</summary>
internal static class Hypergeometric
{
    // z close to 1 needs about ln(1e-16)/ln(z) terms: 1e7 covers z up to 1 - 4e-6, i.e. a horizon
    // about 250,000 times α — far beyond any marketing horizon.
    private const int MaxTerms = 10_000_000;
    private const double Rescale = 1e200;

    /// <summary>
    /// ln 2F1(a, b; c; z) by its power series, for a, b, c &gt; 0 and 0 &lt;= z &lt; 1. Every term is then
    /// positive, so summing loses no precision to cancellation; the running sum is rescaled so that
    /// large a and b (a customer with hundreds of purchases) cannot overflow.
    /// </summary>
    public static double Log2F1(double a, double b, double c, double z)
    {
        if (!(a > 0 && b > 0 && c > 0 && z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, $"2F1 series needs a, b, c > 0 and 0 <= z < 1 (a={a}, b={b}, c={c}).");
        }

        // The term ratio z(a+n)(b+n)/((c+n)(n+1)) minus 1 has a quadratic numerator with a negative
        // leading coefficient: past its vertex the ratio only falls, so a small term there really
        // means the tail is small.
        var vertex = Math.Max(0, ((z * (a + b)) - c - 1) / (2 * (1 - z)));
        double term = 1, sum = 1, logScale = 0;
        for (var n = 0; n < MaxTerms; n++)
        {
            var ratio = z * (a + n) * (b + n) / ((c + n) * (n + 1));
            term *= ratio;
            sum += term;
            if (n > vertex && ratio < 1 && term / (1 - Math.Max(ratio, z)) <= sum * 1e-16)
            {
                return Math.Log(sum) + logScale;
            }

            if (sum > Rescale)
            {
                sum /= Rescale;
                term /= Rescale;
                logScale += Math.Log(Rescale);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(z), z, $"2F1 series did not converge in {MaxTerms} terms.");
    }
}

namespace Helix.Core.Models;

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting your customers the easy way"): while alive a
/// customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase they drop out
/// with probability p ~ Beta(a, b). α is in the time unit of the histories it was fitted on.
/// </summary>
public sealed record BgNbdModel(double R, double Alpha, double A, double B)
{
    /// <summary>ln L(r, α, a, b | x, t_x, T), the paper's equation (6) in the log-gamma, log-sum-exp form.</summary>
    public double LogLikelihood(PurchaseHistory history) => BgNbdLikelihood.Evaluate(this, history, gradient: null);

    /// <summary>
    /// P(alive | x, t_x, T) = 1 / (1 + δ(x&gt;0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)): the chance the
    /// customer has not yet dropped out at the end of calibration. Always 1 for x = 0, because the
    /// model lets customers drop out only right after a purchase.
    /// </summary>
    public double ProbabilityAlive(PurchaseHistory history)
    {
        var x = history.Frequency;
        return x == 0 ? 1 : 1 / (1 + Math.Exp(LogDropoutOdds(history)));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T], the expected purchases in the next <paramref name="t"/> time units (paper eq. 10):
    /// (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
    /// / [1 + δ(x&gt;0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)].
    /// </summary>
    public double ExpectedPurchases(PurchaseHistory history, double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var x = history.Frequency;
        var ageAhead = Alpha + history.Age + t;
        var logPower = (R + x) * Math.Log((Alpha + history.Age) / ageAhead);
        var log2F1 = Hypergeometric.Log2F1(R + x, B + x, A + B + x - 1, t / ageAhead);
        // 1 − e^u by ExpM1: for short horizons u is near 0 and the plain difference would lose digits.
        var bracket = -double.ExpM1(logPower + log2F1);
        var numerator = (A + B + x - 1) / (A - 1) * bracket;
        return x == 0 ? numerator : numerator / (1 + Math.Exp(LogDropoutOdds(history)));
    }

    /// <summary>
    /// E[X(t)], the expected purchases of a randomly chosen new customer in their first t time units
    /// (paper eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
    /// </summary>
    public double PopulationExpectedPurchases(double t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var logPower = R * Math.Log(Alpha / (Alpha + t));
        var log2F1 = Hypergeometric.Log2F1(R, B, A + B - 1, t / (Alpha + t));
        return (A + B - 1) / (A - 1) * -double.ExpM1(logPower + log2F1);
    }

    // ln[a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)], kept in logs so that a long-silent heavy buyer cannot overflow.
    private double LogDropoutOdds(PurchaseHistory history)
    {
        var x = history.Frequency;
        return Math.Log(A) - Math.Log(B + x - 1) + ((R + x) * (Math.Log(Alpha + history.Age) - Math.Log(Alpha + history.Recency)));
    }

    /// <summary>Fits r, α, a, b by maximum likelihood (BFGS from MathNet.Numerics over ln θ).</summary>
    public static BgNbdFit Fit(IReadOnlyList<PurchaseHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (histories.Count == 0)
        {
            throw new ArgumentException("Nothing to fit: no customers.", nameof(histories));
        }

        foreach (var history in histories)
        {
            history.Validate();
        }

        if (histories.All(h => h.Frequency == 0))
        {
            // Without a single repeat purchase the likelihood keeps rising as a/b → ∞: no maximum exists.
            throw new ArgumentException("Nothing to fit: no customer made a repeat purchase.", nameof(histories));
        }

        // Start where the mean purchase rate r/α matches the data's: Σx / ΣT with r = 1.
        var rate = histories.Sum(h => (double)h.Frequency) / histories.Sum(h => h.Age);
        var start = new[] { 1.0, 1 / rate, 1.0, 1.0 };
        var (theta, logLikelihood, iterations) = MaximumLikelihood.Maximise(
            parameters =>
            {
                var model = new BgNbdModel(parameters[0], parameters[1], parameters[2], parameters[3]);
                var gradient = new double[4];
                var total = 0.0;
                foreach (var history in histories)
                {
                    total += BgNbdLikelihood.Evaluate(model, history, gradient);
                }

                return (total, gradient);
            },
            start,
            histories.Count);
        return new BgNbdFit(new BgNbdModel(theta[0], theta[1], theta[2], theta[3]), logLikelihood, histories.Count, iterations);
    }
}

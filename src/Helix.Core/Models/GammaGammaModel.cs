using MathNet.Numerics;

namespace Helix.Core.Models;

/// <summary>
/// The Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV"; Fader &amp; Hardie's note
/// "The Gamma-Gamma model of monetary value"): each purchase's value is Gamma(p, ν), and ν varies across
/// customers as Gamma(q, γ). Assumes spend per purchase is independent of how often a customer buys —
/// check the correlation of x and m_x on the data before trusting the combination with BG/NBD.
/// </summary>
/// <param name="Gamma">γ, the rate of the Gamma(q, γ) mixing distribution (in currency units).</param>
public sealed record GammaGammaModel(double P, double Q, double Gamma)
{
    /// <summary>
    /// ln f(m_x | p, q, γ, x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m_x + px ln x − (px+q) ln(γ + m_x x).
    /// </summary>
    public double LogLikelihood(RepeatSpend spend) => Evaluate(this, spend, gradient: null);

    /// <summary>
    /// E[M | p, q, γ, m_x, x] = p(γ + m_x x)/(px + q − 1): the value of this customer's future purchases,
    /// a weighted mean of the population mean pγ/(q−1) and their own average m_x, with more weight on
    /// their own the more often they bought. For x = 0 (m_x ignored) it is the population mean.
    /// </summary>
    public double ExpectedAverageValue(int frequency, double averageValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frequency);
        if (frequency == 0)
        {
            return PopulationMeanValue;
        }

        return P * (Gamma + (averageValue * frequency)) / ((P * frequency) + Q - 1);
    }

    /// <summary>E[M] = pγ/(q−1), the mean purchase value across customers; infinite when q ≤ 1.</summary>
    public double PopulationMeanValue => Q > 1 ? P * Gamma / (Q - 1) : double.PositiveInfinity;

    /// <summary>Fits p, q, γ by maximum likelihood on repeat customers (x ≥ 1) and their average repeat value.</summary>
    public static GammaGammaFit Fit(IReadOnlyList<RepeatSpend> spends)
    {
        ArgumentNullException.ThrowIfNull(spends);
        if (spends.Count == 0)
        {
            throw new ArgumentException("Nothing to fit: no repeat customers.", nameof(spends));
        }

        foreach (var spend in spends)
        {
            spend.Validate();
        }

        // Start from p = q = 2 with γ chosen so that the model mean pγ/(q−1) equals the observed mean.
        var mean = spends.Average(s => s.AverageValue);
        var start = new[] { 2.0, 2.0, mean / 2 };
        var (theta, logLikelihood, iterations) = MaximumLikelihood.Maximise(
            parameters =>
            {
                var model = new GammaGammaModel(parameters[0], parameters[1], parameters[2]);
                var gradient = new double[3];
                var total = spends.Sum(spend => Evaluate(model, spend, gradient));
                return (total, gradient);
            },
            start,
            spends.Count);
        return new GammaGammaFit(new GammaGammaModel(theta[0], theta[1], theta[2]), logLikelihood, spends.Count, iterations);
    }

    // Adds ∂ln f/∂(p, q, γ) to gradient when it is given.
    internal static double Evaluate(GammaGammaModel model, RepeatSpend spend, double[]? gradient)
    {
        var (p, q, gamma) = (model.P, model.Q, model.Gamma);
        double x = spend.Frequency, m = spend.AverageValue;
        var px = p * x;
        var logTotal = Math.Log(gamma + (m * x));
        if (gradient is not null)
        {
            var digammaSum = SpecialFunctions.DiGamma(px + q);
            gradient[0] += x * (digammaSum - SpecialFunctions.DiGamma(px) + Math.Log(m) + Math.Log(x) - logTotal);
            gradient[1] += digammaSum - SpecialFunctions.DiGamma(q) + Math.Log(gamma) - logTotal;
            gradient[2] += (q / gamma) - ((px + q) / (gamma + (m * x)));
        }

        return SpecialFunctions.GammaLn(px + q) - SpecialFunctions.GammaLn(px) - SpecialFunctions.GammaLn(q)
            + (q * Math.Log(gamma)) + ((px - 1) * Math.Log(m)) + (px * Math.Log(x)) - ((px + q) * logTotal);
    }
}

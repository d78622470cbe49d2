using MathNet.Numerics;

namespace Helix.Core.Models;

internal static class BgNbdLikelihood
{
    /// <summary>
    /// ln L = ln A1 + ln A2 + ln(A3 + δ(x&gt;0) A4) with
    /// A1 = Γ(r+x) α^r / Γ(r), A2 = Γ(a+b) Γ(b+x) / (Γ(b) Γ(a+b+x)),
    /// A3 = (α+T)^−(r+x), A4 = a/(b+x−1) · (α+t_x)^−(r+x).
    /// A3 and A4 underflow for heavy buyers, so their sum is taken as log-sum-exp.
    /// Adds ∂ln L/∂(r, α, a, b) to <paramref name="gradient"/> when it is given.
    /// </summary>
    public static double Evaluate(BgNbdModel m, PurchaseHistory h, double[]? gradient)
    {
        var x = h.Frequency;
        var (r, alpha, a, b) = (m.R, m.Alpha, m.A, m.B);
        var logA1 = SpecialFunctions.GammaLn(r + x) - SpecialFunctions.GammaLn(r) + (r * Math.Log(alpha));
        var logA2 = SpecialFunctions.GammaLn(a + b) + SpecialFunctions.GammaLn(b + x) - SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b + x);
        var logA3 = -(r + x) * Math.Log(alpha + h.Age);
        double logSum, w4;
        if (x == 0)
        {
            logSum = logA3;
            w4 = 0;
        }
        else
        {
            var logA4 = Math.Log(a) - Math.Log(b + x - 1) - ((r + x) * Math.Log(alpha + h.Recency));
            var max = Math.Max(logA3, logA4);
            logSum = max + Math.Log(Math.Exp(logA3 - max) + Math.Exp(logA4 - max));
            // The share of A4 in A3 + A4: the weight of "dropped out after the last purchase".
            w4 = Math.Exp(logA4 - logSum);
        }

        if (gradient is not null)
        {
            var w3 = 1 - w4;
            gradient[0] += SpecialFunctions.DiGamma(r + x) - SpecialFunctions.DiGamma(r) + Math.Log(alpha)
                - (w3 * Math.Log(alpha + h.Age)) - (w4 * Math.Log(alpha + h.Recency));
            gradient[1] += (r / alpha) - (w3 * (r + x) / (alpha + h.Age)) - (w4 * (r + x) / (alpha + h.Recency));
            var digammaAb = SpecialFunctions.DiGamma(a + b) - SpecialFunctions.DiGamma(a + b + x);
            gradient[2] += digammaAb + (w4 / a);
            gradient[3] += digammaAb + SpecialFunctions.DiGamma(b + x) - SpecialFunctions.DiGamma(b) - (x == 0 ? 0 : w4 / (b + x - 1));
        }

        return logA1 + logA2 + logSum;
    }
}

namespace Helix.Core.Analytics.Attribution;

/// <summary>
/// The single-conversion models: each conversion's credit of exactly 1 shared among its touches by position or age.
/// A conversion without touches gives no credit (it is direct).
/// </summary>
public static class RuleBasedAttribution
{
    public const double PositionEnds = 0.4;

    /// <summary>The share of each touch (oldest first), summing to 1; empty for no touches.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model is not a rule-based one.</exception>
    public static double[] Shares(AttributionModel model, IReadOnlyList<Touch> touches, double halfLifeDays)
    {
        var n = touches.Count;
        var shares = new double[n];
        if (n == 0)
        {
            return shares;
        }

        switch (model)
        {
            case AttributionModel.FirstTouch:
                shares[0] = 1;
                break;
            case AttributionModel.LastTouch:
                shares[n - 1] = 1;
                break;
            case AttributionModel.Linear:
                Array.Fill(shares, 1.0 / n);
                break;
            case AttributionModel.TimeDecay:
                Decay(touches, halfLifeDays, shares);
                break;
            case AttributionModel.PositionBased:
                Position(shares);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(model), model, "not a rule-based model");
        }

        return shares;
    }

    /// <summary>Credit per channel over all conversions: conversions and value, each conversion's shares applied to both.</summary>
    public static Dictionary<string, (double Conversions, double Value)> Credit(AttributionModel model, IEnumerable<ConversionPath> paths, double halfLifeDays)
    {
        var credit = new Dictionary<string, (double Conversions, double Value)>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var shares = Shares(model, path.Touches, halfLifeDays);
            for (var i = 0; i < shares.Length; i++)
            {
                var (conversions, value) = credit.GetValueOrDefault(path.Touches[i].Channel);
                credit[path.Touches[i].Channel] = (conversions + shares[i], value + (shares[i] * (double)path.Value));
            }
        }

        return credit;
    }

    private static void Decay(IReadOnlyList<Touch> touches, double halfLifeDays, double[] shares)
    {
        // Weights relative to the newest touch, so old touches never underflow to a total of zero.
        var newest = touches.Min(t => t.AgeDays);
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = Math.Pow(2, -(touches[i].AgeDays - newest) / halfLifeDays);
        }

        var total = shares.Sum();
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] /= total;
        }
    }

    private static void Position(double[] shares)
    {
        var n = shares.Length;
        if (n <= 2)
        {
            // One touch takes all; two share evenly (the middle's 20% has nowhere to go).
            Array.Fill(shares, 1.0 / n);
            return;
        }

        Array.Fill(shares, (1 - (2 * PositionEnds)) / (n - 2));
        shares[0] = PositionEnds;
        shares[n - 1] = PositionEnds;
    }
}

using Helix.Core.Models;

namespace Helix.Core.Analytics.CustomerValue;

/// <summary>The predicted CLV at quantile <see cref="Q"/> of the counted buyers.</summary>
public sealed record ClvQuantile(double Q, double Value);

/// <summary>Counted buyers in a CLV tier (high, medium, low) and their predicted value.</summary>
public sealed record ClvTierCount(string Tier, int Persons, double Clv);

/// <summary>What the counted buyers are predicted to be worth over the horizon; nulls where there is no buyer (or no value) to divide by.</summary>
public sealed record ClvSummaryResult(
    int Buyers, int RepeatBuyers, double TotalClv, double? MeanClv, double ExpectedPurchases, double? ExpectedActiveShare,
    IReadOnlyList<ClvQuantile> Deciles, IReadOnlyList<ClvTierCount> Tiers, double? Top10Share, double? Top20Share);

/// <summary>
/// Summarises a CLV analysis over the buyers a segment keeps. The fit and the tiers are the whole workspace's (a segment
/// is too small a sample for BG/NBD, and a buyer's tier must be the one the <c>clv</c> tag gives them); only the
/// counting is restricted.
/// </summary>
public static class ClvSummary
{
    public static ClvSummaryResult Build<TPerson>(ClvAnalysisResult<TPerson> analysis, ClvTierOptions tiers, Func<TPerson, bool>? counted = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(tiers);
        counted ??= _ => true;
        var labels = ModelTiers.ClvTiers([.. analysis.Buyers.Select(b => b.Clv)], tiers);
        var members = analysis.Buyers.Select((b, i) => (Buyer: b, Tier: labels[i])).Where(m => counted(m.Buyer.Person)).ToList();
        var values = members.Select(m => m.Buyer.Clv).Order().ToArray();
        var total = values.Sum();
        return new ClvSummaryResult(
            members.Count,
            members.Count(m => m.Buyer.Summary.History.Frequency > 0),
            total,
            values.Length == 0 ? null : total / values.Length,
            members.Sum(m => m.Buyer.ExpectedPurchases),
            values.Length == 0 ? null : members.Average(m => m.Buyer.ProbabilityAlive),
            values.Length == 0 ? [] : [.. Enumerable.Range(0, 11).Select(k => new ClvQuantile(k / 10.0, Quantile(values, k / 10.0)))],
            [.. new[] { ModelTiers.High, ModelTiers.Medium, ModelTiers.Low }.Select(tier =>
                new ClvTierCount(tier, members.Count(m => m.Tier == tier), members.Where(m => m.Tier == tier).Sum(m => m.Buyer.Clv)))],
            TopShare(values, total, 10),
            TopShare(values, total, 20));
    }

    /// <summary>Linear interpolation between the two nearest values at position q·(n − 1) of the ascending values, as distributions do.</summary>
    public static double Quantile(IReadOnlyList<double> ascending, double q)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        var position = q * (ascending.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, ascending.Count - 1);
        return ascending[below] + ((position - below) * (ascending[above] - ascending[below]));
    }

    /// <summary>The share of the total held by the ⌈percent·n/100⌉ most valuable buyers; null when the total is not positive.</summary>
    private static double? TopShare(double[] ascending, double total, int percent)
    {
        if (total <= 0)
        {
            return null;
        }

        // In integers: 0.1 · 30 is 3.0000000000000004 in doubles, whose ceiling is 4.
        var top = ((percent * ascending.Length) + 99) / 100;
        return ascending.Skip(ascending.Length - top).Sum() / total;
    }
}

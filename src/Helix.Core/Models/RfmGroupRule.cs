namespace Helix.Core.Models;

/// <summary>Which population score a customer's score is compared with to call it high (↑) or low (↓).</summary>
public enum RfmReference
{
    /// <summary>The mean of the population's scores in that dimension (the usual rule in the sources).</summary>
    Mean,

    /// <summary>The median of the population's scores in that dimension (robust to skew).</summary>
    Median,

    /// <summary>Fixed scores given in <see cref="RfmGroupRule.FixedScores"/>.</summary>
    Fixed,
}

/// <summary>
/// The rule for ↑: a score is high when it is above the reference, or also when equal to it if
/// <paramref name="EqualIsHigh"/>. With balanced quintiles the mean score is 3, so by default a 3 is low.
/// </summary>
/// <param name="FixedScores">The reference scores when <paramref name="Reference"/> is Fixed, as (R, F, M).</param>
public sealed record RfmGroupRule(RfmReference Reference = RfmReference.Mean, bool EqualIsHigh = false, (double R, double F, double M)? FixedScores = null)
{
    /// <summary>The reference scores (R, F, M) for this population.</summary>
    public (double R, double F, double M) Resolve(IReadOnlyList<RfmScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Reference switch
        {
            RfmReference.Fixed => FixedScores ?? throw new InvalidOperationException("A fixed RFM group rule needs its fixed scores."),
            _ when scores.Count == 0 => (0, 0, 0),
            RfmReference.Mean => (scores.Average(s => s.R), scores.Average(s => s.F), scores.Average(s => s.M)),
            RfmReference.Median => (Median(scores.Select(s => s.R)), Median(scores.Select(s => s.F)), Median(scores.Select(s => s.M))),
            _ => throw new InvalidOperationException($"Unknown RFM reference {Reference}."),
        };
    }

    public RfmGroup Classify(RfmScore score, (double R, double F, double M) reference)
    {
        var r = IsHigh(score.R, reference.R);
        var f = IsHigh(score.F, reference.F);
        var m = IsHigh(score.M, reference.M);
        return (m, r, f) switch
        {
            (true, true, true) => RfmGroup.ImportantValue,
            (true, true, false) => RfmGroup.ImportantDevelop,
            (true, false, true) => RfmGroup.ImportantKeep,
            (true, false, false) => RfmGroup.ImportantRetain,
            (false, true, true) => RfmGroup.GeneralValue,
            (false, true, false) => RfmGroup.GeneralDevelop,
            (false, false, true) => RfmGroup.GeneralKeep,
            (false, false, false) => RfmGroup.GeneralRetain,
        };
    }

    private bool IsHigh(int score, double reference) => score > reference || (EqualIsHigh && score == reference);

    private static double Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}

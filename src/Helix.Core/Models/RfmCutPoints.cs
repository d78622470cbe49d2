namespace Helix.Core.Models;

/// <summary>
/// Cut points per dimension, ascending; k cut points make k + 1 scores. A value scores by how many cut
/// points it passes, so equal values always score the same (ties are decided by value, never by order),
/// and a higher frequency or spend — or a lower recency — never scores lower.
/// F and M: score = 1 + #{cut &lt; value}. R: score = k + 1 − #{cut &lt; days}, so days ≤ the first cut score best.
/// </summary>
public sealed record RfmCutPoints
{
    public RfmCutPoints(IReadOnlyList<double> recencyDays, IReadOnlyList<double> frequency, IReadOnlyList<double> monetary)
    {
        RecencyDays = Checked(recencyDays, nameof(recencyDays));
        Frequency = Checked(frequency, nameof(frequency));
        Monetary = Checked(monetary, nameof(monetary));
    }

    public IReadOnlyList<double> RecencyDays { get; }

    public IReadOnlyList<double> Frequency { get; }

    public IReadOnlyList<double> Monetary { get; }

    /// <summary>
    /// Cut points at the population's quantiles: the k-th of <paramref name="bins"/> − 1 cut points is the
    /// value at sorted position ⌈k·n/bins⌉ (1-based), an observed value, never an interpolation. With
    /// many equal values (most customers bought once) several cut points coincide and some scores stay
    /// unused: that is the honest result, since splitting equal customers apart would be arbitrary.
    /// </summary>
    public static RfmCutPoints Quantiles(IReadOnlyList<RfmObservation> population, int bins)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        if (population.Count == 0)
        {
            throw new ArgumentException("Quantiles need at least one customer.", nameof(population));
        }

        return new RfmCutPoints(
            Cut(population.Select(o => o.RecencyDays), bins),
            Cut(population.Select(o => o.Frequency), bins),
            Cut(population.Select(o => o.Monetary), bins));
    }

    public RfmScore Score(RfmObservation observation) => new(
        RecencyDays.Count + 1 - Passed(RecencyDays, observation.RecencyDays),
        1 + Passed(Frequency, observation.Frequency),
        1 + Passed(Monetary, observation.Monetary));

    private static int Passed(IReadOnlyList<double> cuts, double value)
    {
        var passed = 0;
        while (passed < cuts.Count && cuts[passed] < value)
        {
            passed++;
        }

        return passed;
    }

    private static double[] Cut(IEnumerable<double> values, int bins)
    {
        var sorted = values.Order().ToArray();
        return [.. Enumerable.Range(1, bins - 1).Select(k => sorted[(int)Math.Ceiling((double)k * sorted.Length / bins) - 1])];
    }

    private static double[] Checked(IReadOnlyList<double> cuts, string name)
    {
        ArgumentNullException.ThrowIfNull(cuts, name);
        for (var i = 0; i < cuts.Count; i++)
        {
            if (!double.IsFinite(cuts[i]) || (i > 0 && cuts[i] < cuts[i - 1]))
            {
                throw new ArgumentException("Cut points must be finite and ascending.", name);
            }
        }

        return [.. cuts];
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace Helix.Core.Analytics.Attribution;

/// <summary>
/// First-order Markov chain attribution: states start, one per channel, conversion and null; transition probabilities
/// are the observed transition counts of the journeys (each journey from start through its channels to conversion or
/// null) over each state's outgoing count. A channel's removal effect is 1 − P(conversion without it) / P(conversion),
/// where removing it sends every transition into it to null. Credits are removal effects scaled to sum to the
/// conversions.
/// </summary>
public static class MarkovAttribution
{
    /// <summary>Each removal solves a dense system over the channels: O(n⁴) in all, so channels are capped.</summary>
    public const int MaxChannels = 100;

    public sealed record Result(double ConversionProbability, IReadOnlyDictionary<string, double> RemovalEffects, IReadOnlyDictionary<string, double> Credits);

    /// <exception cref="ArgumentException">More than <see cref="MaxChannels"/> channels.</exception>
    public static Result Compute(IReadOnlyList<Journey> journeys)
    {
        var channels = journeys.SelectMany(j => j.Channels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (channels.Count > MaxChannels)
        {
            throw new ArgumentException($"{channels.Count} channels; the Markov model takes at most {MaxChannels}", nameof(journeys));
        }

        var (q, b) = Transitions(journeys, channels);
        var probability = Absorption(q, b, removed: -1);
        var effects = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var c = 0; c < channels.Count; c++)
        {
            effects[channels[c]] = probability > 0 ? Math.Max(0, 1 - (Absorption(q, b, c) / probability)) : 0;
        }

        var conversions = journeys.Sum(j => j.Conversions);
        var sum = effects.Values.Sum();
        var credits = effects.ToDictionary(e => e.Key, e => sum > 0 ? e.Value / sum * conversions : 0, StringComparer.Ordinal);
        return new Result(probability, effects, credits);
    }

    /// <summary>
    /// Transient states 0…n−1 (channels) and n (start): Q holds transition probabilities among them, b the probability
    /// of moving straight to conversion.
    /// </summary>
    private static (Matrix<double> Q, Vector<double> B) Transitions(IReadOnlyList<Journey> journeys, List<string> channels)
    {
        var n = channels.Count;
        var index = channels.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var counts = Matrix<double>.Build.Dense(n + 1, n + 1);
        var converted = new double[n + 1];
        var outgoing = new double[n + 1];
        foreach (var journey in journeys)
        {
            var persons = (double)(journey.Conversions + journey.Nulls);
            var from = n;
            foreach (var channel in journey.Channels)
            {
                var to = index[channel];
                counts[from, to] += persons;
                outgoing[from] += persons;
                from = to;
            }

            converted[from] += journey.Conversions;
            outgoing[from] += persons;
        }

        for (var i = 0; i <= n; i++)
        {
            if (outgoing[i] > 0)
            {
                counts.SetRow(i, counts.Row(i) / outgoing[i]);
                converted[i] /= outgoing[i];
            }
        }

        return (counts, Vector<double>.Build.Dense(converted));
    }

    /// <summary>P(conversion) from start: x = Qx + b, with the removed channel's x held at 0.</summary>
    private static double Absorption(Matrix<double> q, Vector<double> b, int removed)
    {
        var n = q.RowCount;
        var system = Matrix<double>.Build.DenseIdentity(n) - q;
        var rhs = b.Clone();
        if (removed >= 0)
        {
            system.ClearRow(removed);
            system[removed, removed] = 1;
            rhs[removed] = 0;
        }

        return system.Solve(rhs)[n - 1];
    }
}

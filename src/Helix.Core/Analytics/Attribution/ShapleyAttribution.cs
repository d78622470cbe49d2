namespace Helix.Core.Analytics.Attribution;

/// <summary>
/// Shapley attribution over channel sets. A coalition S of channels is worth the conversion rate of the journeys whose
/// channels all lie in S: (their conversions) / (their journeys), 0 when there are none. Each channel's Shapley value
/// is its average marginal worth over all orders of the channels; the values sum to the worth of all channels (the
/// overall conversion rate) and are scaled to sum to the conversions. A channel whose journeys convert less than the
/// others can have a negative value. Exact: 2ⁿ coalitions, so channels are capped.
/// </summary>
public static class ShapleyAttribution
{
    public const int MaxChannels = 12;

    /// <exception cref="ArgumentException">More than <see cref="MaxChannels"/> channels.</exception>
    public static IReadOnlyDictionary<string, double> Credits(IReadOnlyList<Journey> journeys)
    {
        var channels = journeys.SelectMany(j => j.Channels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (channels.Count > MaxChannels)
        {
            throw new ArgumentException($"{channels.Count} channels; the Shapley model takes at most {MaxChannels}", nameof(journeys));
        }

        var index = channels.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var n = channels.Count;
        var conversions = new double[1 << n];
        var persons = new double[1 << n];
        foreach (var journey in journeys)
        {
            var set = journey.Channels.Aggregate(0, (mask, c) => mask | (1 << index[c]));
            conversions[set] += journey.Conversions;
            persons[set] += journey.Conversions + journey.Nulls;
        }

        // Sums over subsets (the zeta transform): after it, entry S holds the journeys whose set lies within S.
        SubsetSums(conversions, n);
        SubsetSums(persons, n);
        var values = Values(n, s => persons[s] > 0 ? conversions[s] / persons[s] : 0);
        var total = values.Sum();
        var converted = journeys.Sum(j => j.Conversions);
        return channels.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => total > 0 ? values[p.i] / total * converted : 0, StringComparer.Ordinal);
    }

    /// <summary>The exact Shapley values of the game on players 0…n−1 whose coalitions (bit masks) are worth <paramref name="worth"/>.</summary>
    public static double[] Values(int n, Func<int, double> worth)
    {
        var v = new double[1 << n];
        for (var s = 0; s < v.Length; s++)
        {
            v[s] = worth(s);
        }

        // weight[k] = k!(n−k−1)!/n!: the share of orders in which a given coalition of size k precedes the player.
        var weight = new double[Math.Max(n, 1)];
        for (var k = 0; k < n; k++)
        {
            weight[k] = 1.0 / (n * Binomial(n - 1, k));
        }

        var values = new double[n];
        for (var s = 0; s < v.Length; s++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)s);
            for (var i = 0; i < n; i++)
            {
                if ((s & (1 << i)) == 0)
                {
                    values[i] += weight[size] * (v[s | (1 << i)] - v[s]);
                }
            }
        }

        return values;
    }

    private static void SubsetSums(double[] values, int n)
    {
        for (var i = 0; i < n; i++)
        {
            for (var s = 0; s < values.Length; s++)
            {
                if ((s & (1 << i)) != 0)
                {
                    values[s] += values[s ^ (1 << i)];
                }
            }
        }
    }

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}

namespace Helix.Core.Analytics.Attribution;

/// <summary>A credited touch: its channel (a breakdown key, <c>s:email</c>) and how long before the conversion it happened.</summary>
public readonly record struct Touch(string Channel, double AgeDays);

/// <summary>One conversion with its credited touches, oldest first (none: a direct conversion), and its value (0 without one).</summary>
public sealed record ConversionPath(IReadOnlyList<Touch> Touches, decimal Value);

/// <summary>
/// A sequence of channels, oldest first, and how many journeys that followed it ended in a conversion and how many did
/// not: the input of the Markov and Shapley models, where identical journeys are counted rather than repeated.
/// </summary>
public sealed record Journey(IReadOnlyList<string> Channels, long Conversions, long Nulls)
{
    /// <summary>
    /// Identical journeys merged, after collapsing repeats of a channel in a row (a self-loop changes no absorption
    /// probability in the Markov chain and no channel set); journeys without channels or without persons dropped.
    /// </summary>
    public static IReadOnlyList<Journey> Merge(IEnumerable<Journey> journeys)
    {
        var merged = new Dictionary<string, (string[] Channels, long Conversions, long Nulls)>(StringComparer.Ordinal);
        foreach (var journey in journeys)
        {
            var channels = Collapse(journey.Channels);
            if (channels.Length == 0 || journey.Conversions + journey.Nulls == 0)
            {
                continue;
            }

            // The unit separator cannot end a key and the count prefix keeps keys apart: a plain, unambiguous map key.
            var key = string.Join('\u001f', channels.Select(c => $"{c.Length}:{c}"));
            var (_, conversions, nulls) = merged.GetValueOrDefault(key, (channels, 0, 0));
            merged[key] = (channels, conversions + journey.Conversions, nulls + journey.Nulls);
        }

        return [.. merged.Values.Select(m => new Journey(m.Channels, m.Conversions, m.Nulls))];
    }

    private static string[] Collapse(IReadOnlyList<string> channels) =>
        [.. channels.Where((c, i) => i == 0 || !string.Equals(c, channels[i - 1], StringComparison.Ordinal))];
}

using FsCheck.Xunit;
using Helix.Core.Analytics.Attribution;

namespace Helix.Core.Tests.Analytics;

/// <summary>
/// Random conversion paths and non-converting journeys: every model credits exactly the attributed conversions and
/// value in total, credits do not depend on what the channels are called or the order of the input, and the exact
/// Shapley values agree with a brute-force average over every order of the players.
/// </summary>
public sealed class AttributionPropertyTests
{
    private static readonly AttributionModel[] All = Enum.GetValues<AttributionModel>();

    [Property(MaxTest = 200)]
    public bool EveryModel_CreditsSumToTheAttributedConversionsAndValue(int seed)
    {
        var (paths, journeys) = World(new Random(seed));

        var (result, _) = AttributionCalculator.Compute(AttributionModelsTests.Query(All), paths, journeys);

        var attributed = paths.Where(p => p.Touches.Count > 0).ToList();
        var value = (double)attributed.Sum(p => p.Value);
        return result!.Conversions - result.Direct == attributed.Count
            && All.Select(WireNames.Of).All(m =>
                Math.Abs(result.Channels.Sum(c => c.Conversions[m]) - attributed.Count) < 1e-9
                && Math.Abs(result.Channels.Sum(c => c.Value[m]) - value) < 1e-9 * Math.Max(1, value));
    }

    [Property(MaxTest = 200)]
    public bool RenamingAndReordering_PermutesTheCredits(int seed)
    {
        var random = new Random(seed);
        var (paths, journeys) = World(random);
        var names = Enumerable.Range(0, 6).Select(i => $"c{i}").ToArray();
        var renamed = names.ToArray();
        random.Shuffle(renamed);
        var rename = names.Zip(renamed).ToDictionary(p => p.First, p => "x" + p.Second, StringComparer.Ordinal);
        var otherPaths = paths.Select(p => new ConversionPath([.. p.Touches.Select(t => t with { Channel = rename[t.Channel] })], p.Value)).Reverse().ToList();
        var otherJourneys = journeys.Select(j => new Journey([.. j.Channels.Select(c => rename[c])], j.Conversions, j.Nulls)).Reverse().ToList();

        var (before, _) = AttributionCalculator.Compute(AttributionModelsTests.Query(All), paths, journeys);
        var (after, _) = AttributionCalculator.Compute(AttributionModelsTests.Query(All), otherPaths, otherJourneys);

        var renamedCredits = after!.Channels.ToDictionary(c => c.Channel.Key!, StringComparer.Ordinal);
        return before!.Channels.Count == after.Channels.Count && before.Channels.All(c =>
        {
            var other = renamedCredits[rename[c.Channel.Key!]];
            return c.Touches == other.Touches && Math.Abs((c.RemovalEffect ?? 0) - (other.RemovalEffect ?? 0)) < 1e-9
                && c.Conversions.All(m => Math.Abs(m.Value - other.Conversions[m.Key]) < 1e-9);
        });
    }

    [Property(MaxTest = 100)]
    public bool ShapleyValues_EqualTheAverageOverAllOrders(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(1, 6);
        var worth = Enumerable.Range(0, 1 << n).Select(s => s == 0 ? 0 : random.NextDouble()).ToArray();

        var values = ShapleyAttribution.Values(n, s => worth[s]);

        var expected = new double[n];
        var orders = Orders([.. Enumerable.Range(0, n)]).ToList();
        foreach (var order in orders)
        {
            var coalition = 0;
            foreach (var player in order)
            {
                expected[player] += (worth[coalition | (1 << player)] - worth[coalition]) / orders.Count;
                coalition |= 1 << player;
            }
        }

        return values.Zip(expected).All(p => Math.Abs(p.First - p.Second) < 1e-9);
    }

    private static IEnumerable<int[]> Orders(int[] players) => players.Length <= 1
        ? [players]
        : players.SelectMany(p => Orders([.. players.Where(q => q != p)]).Select(rest => (int[])[p, .. rest]));

    private static (List<ConversionPath> Paths, List<Journey> Journeys) World(Random random)
    {
        var channels = random.Next(1, 7);
        string Channel() => $"c{random.Next(channels)}";
        var paths = Enumerable.Range(0, random.Next(0, 30)).Select(_ => new ConversionPath(
            [.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => new Touch(Channel(), random.NextDouble() * 30)).OrderByDescending(t => t.AgeDays)],
            random.Next(4) == 0 ? 0 : random.Next(1, 500))).ToList();
        var journeys = Enumerable.Range(0, random.Next(0, 20)).Select(_ => new Journey(
            [.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => Channel())], 0, random.Next(1, 4))).ToList();
        return (paths, journeys);
    }
}

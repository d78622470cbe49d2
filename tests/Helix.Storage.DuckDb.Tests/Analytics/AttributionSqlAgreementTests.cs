using Helix.Core.Analytics.Attribution;
using Helix.Core.Audiences;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>
/// The store's attribution against the brute-force paths (<see cref="AttributionReference"/>) fed to the same models, on
/// seeded random workspaces with random zones, segments, lookbacks, overlapping conversion and touch filters, and
/// dimensions of every scalar kind: the same counts and values exactly, the same credits to 1e-9, the same
/// errors when Markov or Shapley meet too many channels.
/// </summary>
public sealed class AttributionSqlAgreementTests : AudienceStoreFixture
{
    private const int Worlds = 80;

    [Fact]
    public async Task Attribution_AgreesWithTheReference()
    {
        var (attributed, journeys, limited) = (0, 0, 0);
        for (var seed = 0; seed < Worlds; seed++)
        {
            var random = new Random(seed);
            var persons = AnalyticsWorlds.Persons(random);
            var workspace = Write(persons, AnalyticsWorlds.Workspace(seed, "a"));
            var query = new AttributionQuery(AnalyticsWorlds.Range(random), AnalyticsWorlds.Filter(random), AnalyticsWorlds.Filter(random),
                random.Next(3) == 0 ? "x" : "cat", random.Next(1, 10), Enum.GetValues<AttributionModel>(), random.Next(1, 8), random.Next(2) == 0 ? "x" : null,
                AnalyticsWorlds.Segment(random));
            var (conversions, nulls) = AttributionReference.Paths(persons, query, ProfileDefinitions.Empty, Now);
            var (expected, error) = AttributionCalculator.Compute(query, conversions, nulls);

            if (error is not null)
            {
                var thrown = await Assert.ThrowsAsync<AudienceQueryException>(() => Store.AttributionAsync(workspace, query, ProfileDefinitions.Empty, Now));
                Assert.Equal("models", thrown.Field);
                limited++;
                continue;
            }

            var actual = await Store.AttributionAsync(workspace, query, ProfileDefinitions.Empty, Now);

            Same(seed, expected!, actual);
            attributed += expected!.Conversions > expected.Direct ? 1 : 0;
            journeys += expected.NonConvertingJourneys > 0 ? 1 : 0;
        }

        Assert.InRange(attributed, Worlds / 4, Worlds);
        Assert.InRange(journeys, Worlds / 4, Worlds);
        Assert.InRange(limited, 0, Worlds / 4);
    }

    private static void Same(int seed, AttributionResult expected, AttributionResult actual)
    {
        Assert.True(
            (expected.Conversions, expected.Direct, expected.Value, expected.DirectValue, expected.NonConvertingJourneys)
                == (actual.Conversions, actual.Direct, actual.Value, actual.DirectValue, actual.NonConvertingJourneys),
            $"seed {seed}: totals {expected} vs {actual}");
        Assert.Equal(expected.ConversionProbability ?? 0, actual.ConversionProbability ?? 0, 9);
        var channels = actual.Channels.ToDictionary(c => c.Channel.Key!, StringComparer.Ordinal);
        Assert.Equal(expected.Channels.Select(c => c.Channel.Key).Order(StringComparer.Ordinal), channels.Keys.Order(StringComparer.Ordinal));
        foreach (var channel in expected.Channels)
        {
            var other = channels[channel.Channel.Key!];
            Assert.True(channel.Touches == other.Touches, $"seed {seed}: touches of {channel.Channel.Key}");
            Assert.Equal(channel.RemovalEffect ?? 0, other.RemovalEffect ?? 0, 9);
            foreach (var (model, credit) in channel.Conversions)
            {
                Assert.True(Math.Abs(credit - other.Conversions[model]) < 1e-9, $"seed {seed}: {model} credit of {channel.Channel.Key}: {credit} vs {other.Conversions[model]}");
                Assert.True(Math.Abs(channel.Value[model] - other.Value[model]) < 1e-6, $"seed {seed}: {model} value of {channel.Channel.Key}");
            }
        }
    }
}

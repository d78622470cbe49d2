using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Helix.Core.Analytics;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>
/// The SQL against the brute-force reference (<see cref="AnalyticsReference"/>): on seeded random workspaces and random
/// options (zones, intervals, segments, breakdowns with small limits, strict and loose order, bounded and unbounded
/// retention, both path directions) both must give exactly the same result.
/// </summary>
public sealed class AnalyticsSqlAgreementTests : AudienceStoreFixture
{
    private const int Worlds = 80;

    internal static readonly JsonSerializerOptions Json = new() { Converters = { new DecimalText() } };

    [Fact]
    public async Task Trends_AgreeWithTheReference()
    {
        var informative = 0;
        for (var seed = 0; seed < Worlds; seed++)
        {
            var random = new Random(seed);
            var persons = AnalyticsWorlds.Persons(random);
            var workspace = Write(persons, AnalyticsWorlds.Workspace(seed, "t"));
            var metric = (TrendMetric)random.Next(4);
            var query = new TrendsQuery(AnalyticsWorlds.Range(random), AnalyticsWorlds.Filter(random), metric,
                metric is TrendMetric.Sum or TrendMetric.Avg || random.Next(2) == 0 ? "x" : null, AnalyticsWorlds.Segment(random), AnalyticsWorlds.Breakdown(random));

            var actual = await Store.TrendsAsync(workspace, query, ProfileDefinitions.Empty, Now);

            Same(seed, query, AnalyticsReference.Trends(persons, query, ProfileDefinitions.Empty, Now), actual);
            informative += actual.Series.Count > 1 || actual.Series[0].Total > 0 ? 1 : 0;
        }

        Assert.InRange(informative, Worlds / 2, Worlds);
    }

    [Fact]
    public async Task Funnels_AgreeWithTheReference()
    {
        var (converted, dropOffs) = (0, 0);
        for (var seed = 0; seed < Worlds; seed++)
        {
            var random = new Random(seed);
            var persons = AnalyticsWorlds.Persons(random);
            var workspace = Write(persons, AnalyticsWorlds.Workspace(seed, "f"));
            var steps = Enumerable.Range(0, random.Next(2, 5)).Select(_ => AnalyticsWorlds.Filter(random)).ToList();
            var window = random.Next(3) switch { 0 => TimeSpan.FromMinutes(random.Next(1, 5)), 1 => TimeSpan.FromHours(random.Next(1, 30)), _ => TimeSpan.FromDays(random.Next(1, 20)) };
            var query = new FunnelQuery(AnalyticsWorlds.Range(random), steps, window, (FunnelOrder)random.Next(2), AnalyticsWorlds.Segment(random), AnalyticsWorlds.Breakdown(random));

            var actual = await Store.FunnelAsync(workspace, query, ProfileDefinitions.Empty, Now);
            var step = random.Next(1, steps.Count);
            var dropped = await Store.FunnelDropOffAsync(workspace, query, new FunnelDropOff(step, 3, null), ProfileDefinitions.Empty, Now);
            var rest = dropped.Count < 3 ? [] : await Store.FunnelDropOffAsync(workspace, query, new FunnelDropOff(step, 100, dropped[^1].Value), ProfileDefinitions.Empty, Now);

            Same(seed, query, AnalyticsReference.Funnel(persons, query, ProfileDefinitions.Empty, Now), actual);
            var expected = AnalyticsReference.FunnelPersons(persons, query, ProfileDefinitions.Empty, Now)
                .Where(p => p.Reached == step).Select(p => p.Person).OrderBy(p => p, Audiences.Utf8Order.Instance).ToList();
            Assert.Equal(expected, dropped.Concat(rest).Select(p => p.Value).ToList());
            converted += actual.Groups.Any(g => g.Steps[1].Persons > 0) ? 1 : 0;
            dropOffs += expected.Count;
        }

        Assert.InRange(converted, Worlds / 4, Worlds);
        Assert.True(dropOffs > Worlds, $"only {dropOffs} persons dropped off in all worlds");
    }

    [Fact]
    public async Task Retention_AgreesWithTheReference()
    {
        var returned = 0;
        for (var seed = 0; seed < Worlds; seed++)
        {
            var random = new Random(seed);
            var persons = AnalyticsWorlds.Persons(random);
            var workspace = Write(persons, AnalyticsWorlds.Workspace(seed, "r"));
            var query = new RetentionQuery(AnalyticsWorlds.Range(random, retention: true), AnalyticsWorlds.Filter(random), AnalyticsWorlds.Filter(random),
                random.Next(1, 12), random.Next(2) == 0, AnalyticsWorlds.Segment(random), AnalyticsWorlds.Breakdown(random));

            var actual = await Store.RetentionAsync(workspace, query, ProfileDefinitions.Empty, Now);

            Same(seed, query, AnalyticsReference.Retention(persons, query, ProfileDefinitions.Empty, Now), actual);
            returned += actual.Groups.Any(g => g.Cohorts.Any(c => c.Retained.Skip(1).Any(r => r > 0))) ? 1 : 0;
        }

        Assert.InRange(returned, Worlds / 4, Worlds);
    }

    [Fact]
    public async Task Distributions_AgreeWithTheReference()
    {
        var (binned, perPerson) = (0, 0);
        for (var seed = 0; seed < Worlds; seed++)
        {
            var random = new Random(seed);
            var persons = AnalyticsWorlds.Persons(random);
            var workspace = Write(persons, AnalyticsWorlds.Workspace(seed, "d"));
            var query = new DistributionQuery(AnalyticsWorlds.Range(random), AnalyticsWorlds.Filter(random), random.Next(2) == 0 ? "x" : null, random.Next(1, 12),
                AnalyticsWorlds.Segment(random));

            var actual = await Store.DistributionAsync(workspace, query, ProfileDefinitions.Empty, Now);

            // Doubles to 12 significant digits: DuckDB's avg may add in another order than LINQ's.
            var (expected, got) = (JsonSerializer.Serialize(AnalyticsReference.Distribution(persons, query, ProfileDefinitions.Empty, Now), Rounded),
                JsonSerializer.Serialize(actual, Rounded));
            Assert.True(expected == got, $"seed {seed}: {query}\nexpected {expected}\nactual   {got}");
            binned += actual.Bins.Count(b => b.Count > 0) >= 2 ? 1 : 0;
            perPerson += query.PerPerson && actual.Count > 0 ? 1 : 0;
        }

        Assert.InRange(binned, Worlds / 4, Worlds);
        Assert.InRange(perPerson, Worlds / 8, Worlds);
    }

    private static readonly JsonSerializerOptions Rounded = new() { Converters = { new DoubleText() } };

    private sealed class DoubleText : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("G12", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Paths_AgreeWithTheReference()
    {
        var (longPaths, others) = (0, 0);
        for (var seed = 0; seed < Worlds; seed++)
        {
            var random = new Random(seed);
            var persons = AnalyticsWorlds.Persons(random);
            var workspace = Write(persons, AnalyticsWorlds.Workspace(seed, "p"));
            var maxGap = random.Next(3) switch { 0 => TimeSpan.FromMinutes(random.Next(1, 10)), 1 => TimeSpan.FromHours(random.Next(1, 30)), _ => TimeSpan.FromDays(random.Next(1, 7)) };
            var query = new PathsQuery(AnalyticsWorlds.Range(random), AnalyticsWorlds.Filter(random), (PathDirection)random.Next(2), random.Next(1, 6), maxGap,
                random.Next(1, 4), AnalyticsWorlds.Segment(random));

            var actual = await Store.PathsAsync(workspace, query, ProfileDefinitions.Empty, Now);

            Same(seed, query, PathsSankey.Build(AnalyticsReference.Paths(persons, query, ProfileDefinitions.Empty, Now), query.Steps, query.Limit), actual);
            longPaths += actual.Nodes.Any(n => n.Step >= 2 && n.Name != PathsResult.End) ? 1 : 0;
            others += actual.Nodes.Any(n => n.Name == PathsResult.Other) ? 1 : 0;
        }

        Assert.InRange(longPaths, Worlds / 8, Worlds);
        Assert.True(others > 0, "no world cut a step to its limit");
    }

    private static void Same(int seed, object query, object expected, object actual)
    {
        var (e, a) = (JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));
        Assert.True(e == a, $"seed {seed}: {query}\nexpected {e}\nactual   {a}");
    }

    /// <summary>Decimals as their value (12.5, not 12.50): the two sides may carry different scales.</summary>
    private sealed class DecimalText : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteRawValue((value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));
    }
}

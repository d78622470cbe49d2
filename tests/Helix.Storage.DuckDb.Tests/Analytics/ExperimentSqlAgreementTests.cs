using Helix.Core.Analytics;
using Helix.Core.Analytics.Experiments;
using Helix.Core.Audiences;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Tests.Audiences;

namespace Helix.Storage.DuckDb.Tests.Analytics;

/// <summary>
/// The experiment SQL against <see cref="ExperimentReference"/> on seeded random workspaces: exposure arms (the
/// <c>cat</c> property, sometimes two values for a person) and cohort arms (overlapping segments), random windows,
/// metrics, CUPED pre-periods and zones. Persons, conversions and exclusions must be equal and the sums agree.
/// </summary>
public sealed class ExperimentSqlAgreementTests : AudienceStoreFixture
{
    private const int Worlds = 80;
    private static readonly string[] Segments = ["trait(\"city\") = \"a\"", "did(\"A\", count >= 2)", "tag(\"vip\")", "not did(\"C\")"];

    [Fact]
    public async Task ExperimentData_AgreesWithTheReference()
    {
        var (informative, excluded) = (0, 0);
        for (var seed = 0; seed < Worlds; seed++)
        {
            var random = new Random(seed);
            var persons = AnalyticsWorlds.Persons(random);
            var workspace = Write(persons, AnalyticsWorlds.Workspace(seed, "x"));
            var query = Query(random);

            var actual = await Store.ExperimentAsync(workspace, query, ProfileDefinitions.Empty, Now);

            var expected = ExperimentReference.Data(persons, query, ProfileDefinitions.Empty, Now);
            Same(seed, expected, actual);
            informative += actual.Rows.Any(r => r.Conversions > 0) ? 1 : 0;
            excluded += actual.ExcludedPersons > 0 ? 1 : 0;
        }

        Assert.InRange(informative, Worlds / 3, Worlds);
        Assert.InRange(excluded, 5, Worlds);
    }

    private static ExperimentQuery Query(Random random)
    {
        var range = AnalyticsWorlds.Range(random) with { Interval = AnalyticsInterval.Day };
        var cohort = random.Next(3) == 0;
        var arms = cohort
            ? [new ExperimentArm("s0", AudienceText.Parse(Segments[random.Next(Segments.Length)]).Condition, 1), new ExperimentArm("s1", AudienceText.Parse(Segments[random.Next(Segments.Length)]).Condition, 1)]
            : new List<ExperimentArm>();
        var exposure = cohort ? null : new ExperimentExposure(AnalyticsWorlds.Filter(random), "cat");
        int? cuped = random.Next(2) == 0 ? null : random.Next(1, 10);
        return new ExperimentQuery(range, arms, exposure, cohort ? "s0" : "a", AnalyticsWorlds.Filter(random), random.Next(1, 10),
            random.Next(2) == 0 ? "x" : null, cuped, 0.05, 0.8, null, AnalyticsWorlds.Segment(random));
    }

    private static void Same(int seed, ExperimentData expected, ExperimentData actual)
    {
        static List<ArmDay> Sorted(ExperimentData data) => [.. data.Rows.OrderBy(r => r.Arm, StringComparer.Ordinal).ThenBy(r => r.Day)];
        var (e, a) = (Sorted(expected), Sorted(actual));
        Assert.True(e.Count == a.Count, $"seed {seed}: {e.Count} rows expected, {a.Count} read");
        Assert.True(expected.ExcludedPersons == actual.ExcludedPersons, $"seed {seed}: excluded {expected.ExcludedPersons} vs {actual.ExcludedPersons}");
        foreach (var (x, y) in e.Zip(a))
        {
            Assert.True((x.Arm, x.Day, x.Conversions, x.Moments.N) == (y.Arm, y.Day, y.Conversions, y.Moments.N), $"seed {seed}: {x} vs {y}");
            double[] xs = [x.Moments.SumY, x.Moments.SumY2, x.Moments.SumX, x.Moments.SumX2, x.Moments.SumXY];
            double[] ys = [y.Moments.SumY, y.Moments.SumY2, y.Moments.SumX, y.Moments.SumX2, y.Moments.SumXY];
            Assert.All(xs.Zip(ys), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-9 * Math.Max(1, Math.Abs(p.First)), $"seed {seed}: {x} vs {y}"));
        }
    }
}

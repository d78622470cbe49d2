using Helix.Core.Audiences.Lookalike;

namespace Helix.Core.Tests.Audiences.Lookalike;

/// <summary>
/// Seeded synthetic persons: "buyers" order often, are mostly in the important-value RFM group and in 上海, and
/// rarely lack a spend; "others" do the opposite. Both share noise: an age, one of 40 interest tags, a rare tag.
/// </summary>
internal static class LookalikePopulation
{
    public static LookalikeRow Person(string id, bool buyer, Random random)
    {
        var numbers = new Dictionary<string, double>
        {
            ["orders_30d"] = Poisson(buyer ? 3.0 : 0.6, random),
            ["age"] = 18 + random.Next(50),
        };
        if (random.NextDouble() < (buyer ? 0.95 : 0.6))
        {
            numbers["spend_90d"] = Math.Round(random.NextDouble() * (buyer ? 2000 : 800), 2);
        }

        var categories = new List<string> { $"tag:interest={random.Next(40)}" };
        if (random.NextDouble() < (buyer ? 0.7 : 0.15))
        {
            categories.Add("tag:rfm=important_value");
        }

        categories.Add(random.NextDouble() < (buyer ? 0.5 : 0.15) ? "trait:city=上海" : "trait:city=北京");
        if (random.NextDouble() < 0.001)
        {
            categories.Add($"tag:rare={random.Next(1000)}");
        }

        return new LookalikeRow(id, numbers, categories);
    }

    /// <summary>Persons p00000, p00001, …; the first <paramref name="buyers"/> are drawn as buyers.</summary>
    public static LookalikeRow[] Generate(int persons, int buyers, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, persons).Select(i => Person($"p{i:D5}", i < buyers, random))];
    }

    private static int Poisson(double mean, Random random)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }
}

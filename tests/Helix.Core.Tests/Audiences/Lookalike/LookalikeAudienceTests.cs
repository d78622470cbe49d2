using Helix.Core.Audiences.Lookalike;
using Xunit.Abstractions;

namespace Helix.Core.Tests.Audiences.Lookalike;

public sealed class LookalikeAudienceTests(ITestOutputHelper output)
{
    // 20,000 persons: 3,000 buyers, of whom 1,000 (every third) are the seed; 2,000 buyers hide among the rest.
    private static readonly LookalikeRow[] Population = LookalikePopulation.Generate(20_000, 3_000, seed: 7);

    private static readonly string[] BuyerSeed = [.. Population.Take(3_000).Where((_, i) => i % 3 == 0).Select(r => r.PersonId)];

    // One training run on the population above serves the tests that read it.
    private static readonly Lazy<LookalikeResult> BuyerLookalikes =
        new(() => LookalikeAudience.Find(Population, BuyerSeed, 2_000, new LookalikeOptions(RandomSeed: 1)).Result!);

    [Fact]
    public void SeedDrivenByFewFeatures_HighAuc_AndTopIsEnrichedInLookalikes()
    {
        var result = BuyerLookalikes.Value;

        Assert.True(result.HoldoutAuc > 0.85, $"AUC {result.HoldoutAuc}");
        Assert.Equal(1_000, result.SeedPersons);
        Assert.Equal(19_000, result.Candidates);
        Assert.Equal(200 + 3_800, result.HoldoutRows);
        Assert.Equal(800 + 15_200, result.TrainRows);
        Assert.Equal(2_000, result.Top.Count);
        Assert.DoesNotContain(result.Top, p => BuyerSeed.Contains(p.PersonId));
        // Hidden buyers are 2,000 of 19,000 candidates (10.5%, about 210 of a random 2,000); the top should hold many more.
        var buyersInTop = result.Top.Count(p => string.CompareOrdinal(p.PersonId, "p03000") < 0);
        output.WriteLine($"AUC {result.HoldoutAuc:F4}, hidden buyers in the top 2000: {buyersInTop}");
        Assert.True(buyersInTop > 1_000, $"{buyersInTop} buyers in the top 2000");
        Assert.True(result.Top.Zip(result.Top.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
    }

    [Fact]
    public void SeedDrivenByFewFeatures_TheirWeightsLeadAndPointTowardsTheSeed()
    {
        var result = BuyerLookalikes.Value;

        var leading = result.TopFeatures.Take(4).ToDictionary(f => f.Feature.Name, f => f.Weight);
        Assert.True(leading["orders_30d"] > 0);
        Assert.True(leading["tag:rfm=important_value"] > 0);
        Assert.Contains(result.Features, f => f.Kind == LookalikeFeatureKind.Missing && f.Source == "spend_90d");
        Assert.DoesNotContain(result.Features, f => f.Kind == LookalikeFeatureKind.Missing && f.Source == "age");
        // Rare tags (about 20 persons over 1000 values) stay under the default minimum of 10 persons.
        Assert.DoesNotContain(result.Features, f => f.Source.StartsWith("tag:rare=", StringComparison.Ordinal));
    }

    [Fact]
    public void SeedWithoutSignal_AucNearHalf()
    {
        var population = LookalikePopulation.Generate(10_000, 0, seed: 11);
        var seed = population.Where((_, i) => i % 20 == 0).Select(r => r.PersonId).ToArray();

        var (result, errors) = LookalikeAudience.Find(population, seed, 100, new LookalikeOptions(RandomSeed: 3));

        Assert.Empty(errors);
        output.WriteLine($"AUC {result!.HoldoutAuc:F4}");
        // 100 held-out seed persons against 1,900 others: the AUC's standard error is about 0.03.
        Assert.InRange(result!.HoldoutAuc, 0.38, 0.62);
    }

    [Fact]
    public void SameInputAndSeed_SameResult_WhateverTheRowOrder()
    {
        var population = LookalikePopulation.Generate(3_000, 400, seed: 5);
        var seed = population.Take(400).Where((_, i) => i % 2 == 0).Select(r => r.PersonId).ToArray();
        var options = new LookalikeOptions(RandomSeed: 42);

        var first = LookalikeAudience.Find(population, seed, 300, options).Result!;
        var again = LookalikeAudience.Find(population, seed, 300, options).Result!;
        var reversed = LookalikeAudience.Find([.. population.Reverse()], [.. seed.Reverse()], 300, options).Result!;

        Assert.Equal(first.Top, again.Top);
        Assert.Equal(first.HoldoutAuc, again.HoldoutAuc);
        Assert.Equal(first.TopFeatures, again.TopFeatures);
        Assert.Equal(first.Top, reversed.Top);
        Assert.Equal(first.HoldoutAuc, reversed.HoldoutAuc);
    }

    [Fact]
    public void NegativesOverTheCap_AreSampled()
    {
        var population = LookalikePopulation.Generate(3_000, 100, seed: 2);

        var (result, _) = LookalikeAudience.Find(population, [.. population.Take(100).Select(r => r.PersonId)], 10, new LookalikeOptions(MaxNegatives: 500));

        Assert.Equal(100 + 500, result!.TrainRows + result.HoldoutRows);
        Assert.Equal(2_900, result.Candidates);
    }

    [Fact]
    public void TiedScores_AreOrderedByPersonId()
    {
        // Twins: every person has an identical copy, so scores come in equal pairs.
        var persons = LookalikePopulation.Generate(200, 60, seed: 9);
        var twins = persons.SelectMany(r => new[] { r, r with { PersonId = r.PersonId + "b" } }).ToArray();
        var seed = twins.Take(60).Select(r => r.PersonId).ToArray();

        var top = LookalikeAudience.Find(twins, seed, 100, new LookalikeOptions(MinCategoryPersons: 2)).Result!.Top;

        for (var i = 0; i + 1 < top.Count; i++)
        {
            Assert.True(top[i].Score > top[i + 1].Score || string.CompareOrdinal(top[i].PersonId, top[i + 1].PersonId) < 0);
        }
    }

    [Theory]
    [InlineData(19, 100, 5, "seed")]
    [InlineData(200, 200, 5, "seed")]
    [InlineData(50, 60, 5, "seed")]
    [InlineData(50, 200, 0, "size")]
    [InlineData(50, 200, 151, "size")]
    public void BadRequest_NamesTheField(int seedSize, int persons, int size, string field)
    {
        var population = LookalikePopulation.Generate(persons, 0, seed: 1);

        var (result, errors) = LookalikeAudience.Find(population, [.. population.Take(seedSize).Select(r => r.PersonId)], size);

        Assert.Null(result);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void SizeEqualToTheOutside_IsAccepted()
    {
        var population = LookalikePopulation.Generate(100, 30, seed: 1);

        var (result, errors) = LookalikeAudience.Find(population, [.. population.Take(30).Select(r => r.PersonId)], 70);

        Assert.Empty(errors);
        Assert.Equal(70, result!.Top.Count);
    }

    [Fact]
    public void BadOptionsAndDuplicateRows_NameTheirFields()
    {
        var population = LookalikePopulation.Generate(100, 0, seed: 1);
        var seed = population.Take(30).Select(r => r.PersonId).ToArray();

        var options = LookalikeAudience.Find(population, seed, 5, new LookalikeOptions(HoldoutFraction: 0.9, MaxNegatives: 0)).Errors;
        var duplicate = LookalikeAudience.Find([.. population, population[0]], seed, 5).Errors;

        Assert.Equal(["options.holdoutFraction", "options.maxNegatives"], options.Select(e => e.Field));
        Assert.Equal("rows", Assert.Single(duplicate).Field);
    }

    [Fact]
    public void NothingToLearnFrom_IsRefusedOnRows()
    {
        var population = Enumerable.Range(0, 100).Select(i => new LookalikeRow($"p{i}", new Dictionary<string, double>(), [$"tag:only={i}"])).ToArray();

        var (result, errors) = LookalikeAudience.Find(population, [.. population.Take(30).Select(r => r.PersonId)], 5);

        Assert.Null(result);
        Assert.Equal("rows", Assert.Single(errors).Field);
    }

    [Fact]
    public void UnknownSeedIds_AreIgnored()
    {
        var population = LookalikePopulation.Generate(100, 30, seed: 1);
        string[] seed = [.. population.Take(30).Select(r => r.PersonId), "nobody"];

        var result = LookalikeAudience.Find(population, seed, 5).Result!;

        Assert.Equal(30, result.SeedPersons);
        Assert.Equal(70, result.Candidates);
    }
}

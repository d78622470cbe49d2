using Helix.Core.Audiences.Lookalike;

namespace Helix.Core.Tests.Audiences.Lookalike;

public sealed class LookalikeFeaturizerTests
{
    private static LookalikeRow Row(string id, Dictionary<string, double> numbers, params string[] categories) =>
        new(id, numbers, categories);

    private static readonly LookalikeRow[] Rows =
    [
        Row("a", new() { ["orders"] = 2, ["age"] = 30 }, "tag:vip", "trait:city=上海"),
        Row("b", new() { ["orders"] = 0, ["age"] = 41 }, "tag:vip", "tag:vip"),
        Row("c", new() { ["age"] = 25, ["spend"] = double.NaN }, "trait:city=上海", "tag:once"),
    ];

    [Fact]
    public void Schema_NumbersByPresenceThenCategoriesByFrequency_MissingOnlyWhereSomeoneLacksIt()
    {
        var featurizer = LookalikeFeaturizer.Fit(Rows, new LookalikeOptions(MinCategoryPersons: 2));

        // NaN is missing, so spend is present for nobody and is no feature; tag:once is under 2 persons.
        Assert.Equal(
            ["age", "orders", "orders missing", "tag:vip", "trait:city=上海"],
            featurizer.Features.Select(f => f.Name));
    }

    [Fact]
    public void Vector_ValuesIndicatorsAndOneHot_DuplicatesOnce()
    {
        var featurizer = LookalikeFeaturizer.Fit(Rows, new LookalikeOptions(MinCategoryPersons: 2));

        Assert.Equal([30f, 2f, 0f, 1f, 1f], featurizer.Vector(Rows[0]).DenseValues());
        Assert.Equal([41f, 0f, 0f, 1f, 0f], featurizer.Vector(Rows[1]).DenseValues());
        Assert.Equal([25f, 0f, 1f, 0f, 1f], featurizer.Vector(Rows[2]).DenseValues());
    }

    [Fact]
    public void Caps_KeepTheMostFrequent_TiesByName()
    {
        var featurizer = LookalikeFeaturizer.Fit(Rows, new LookalikeOptions(MinCategoryPersons: 1, MaxCategories: 2, MaxNumbers: 1));

        Assert.Equal(["age", "tag:vip", "trait:city=上海"], featurizer.Features.Select(f => f.Name));
    }
}

using System.Text.Json;
using Helix.Core.Tags;
using static Helix.Core.Tests.Tags.TagCatalogs;

namespace Helix.Core.Tests.Tags;

/// <summary>Parsing names the bad field; references, categories and cycles are checked across the catalog; writing round-trips.</summary>
public sealed class TagSpecTests
{
    private const string List = """{"name": "vip", "kind": "list", "category": "c"}""";

    [Theory]
    [InlineData("""{"name": "Big Spender", "kind": "list", "category": "c"}""", "tags[0].name")]
    [InlineData("""{"name": "b", "kind": "segment", "category": "c"}""", "tags[0].kind")]
    [InlineData("""{"name": "b", "kind": "list", "category": "nope"}""", "tags[0].category")]
    [InlineData("""{"name": "b", "kind": "list", "category": "c", "identifierType": "Phone Number"}""", "tags[0].identifierType")]
    [InlineData("""{"name": "b", "kind": "list", "category": "c", "when": {"tag": "vip"}}""", "tags[0].when")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c"}""", "tags[0].when")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "like", "value": 1}}""", "tags[0].when.op")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "computed": "y", "op": "exists"}}""", "tags[0].when.computed")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "exists", "value": 1}}""", "tags[0].when.value")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "eq"}}""", "tags[0].when.value")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "eq", "value": [1]}}""", "tags[0].when.value")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "in", "value": []}}""", "tags[0].when.value")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "between", "value": [10, 1]}}""", "tags[0].when.value")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "between", "value": [1, "z"]}}""", "tags[0].when.value")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "before", "value": "30d ago"}}""", "tags[0].when.value")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"all": []}}""", "tags[0].when.all")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"all": [{"tag": "vip"}], "any": [{"tag": "vip"}]}}""", "tags[0].when.any")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"any": [{"tag": "vip"}, {"tag": "gone"}]}}""", "tags[0].when.any[1].tag")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"not": {"tag": "vip", "op": "eq", "value": "x"}}}""", "tags[0].when.not.op")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"tag": "vip", "value": "x"}}""", "tags[0].when.value")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"trait": "x", "op": "gt", "value": 1, "vlaue": 2}}""", "tags[0].when.vlaue")]
    [InlineData("""{"name": "b", "kind": "rule", "category": "c", "when": {"all": [{"not": 3}]}}""", "tags[0].when.all[0].not")]
    [InlineData("""{"name": "b", "kind": "value", "category": "c", "of": {"trait": "x"}}""", "tags[0].buckets")]
    [InlineData("""{"name": "b", "kind": "value", "category": "c", "of": {"trait": "x", "tag": "y"}, "buckets": [{"value": "a", "min": 0}]}""", "tags[0].of.tag")]
    [InlineData("""{"name": "b", "kind": "value", "category": "c", "of": {"trait": "x"}, "buckets": [{"value": "a", "min": 5, "max": 5}]}""", "tags[0].buckets[0].max")]
    [InlineData("""{"name": "b", "kind": "value", "category": "c", "of": {"trait": "x"}, "buckets": [{"value": "a", "min": 5}, {"value": "a", "min": 0}]}""", "tags[0].buckets[1].value")]
    [InlineData("""{"name": "b", "kind": "value", "category": "c", "of": {"trait": "x"}, "buckets": [{"value": "a"}]}""", "tags[0].buckets[0].min")]
    [InlineData("""{"name": "b", "kind": "model", "category": "c", "model": "nps"}""", "tags[0].model")]
    public void InvalidTag_NamesTheField(string tag, string field)
    {
        var errors = Errors(Document(tag, List));

        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("""{"tag": "power", "op": "eq", "value": "huge"}""", "tags[2].when.value")]
    [InlineData("""{"tag": "power", "op": "in", "value": ["high", "tiny"]}""", "tags[2].when.value")]
    [InlineData("""{"tag": "vip", "op": "ne", "value": "x"}""", "tags[2].when.op")]
    public void TagValueTest_OnATagWithoutThatValue_NamesTheField(string when, string field)
    {
        var errors = Errors(Document(
            List,
            """{"name": "power", "kind": "value", "category": "c", "of": {"trait": "x"}, "buckets": [{"value": "high", "min": 1}]}""",
            Rule("t", when)));

        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void DuplicateNames_NameTheSecond()
    {
        var errors = Errors("""{"categories": [{"name": "c"}, {"name": "c"}], "tags": [{"name": "v", "kind": "list", "category": "c"}, {"name": "v", "kind": "list", "category": "c"}]}""");

        Assert.Equal(["categories[1].name", "tags[1].name"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Cycle_IsAnErrorOnTheFirstTagOfIt_NamingThePath()
    {
        var errors = Errors(Document(
            Rule("a", """{"tag": "b"}"""),
            Rule("b", """{"all": [{"tag": "vip"}, {"not": {"tag": "c"}}]}"""),
            Rule("c", """{"tag": "a"}"""),
            Rule("selfish", """{"tag": "selfish"}"""),
            List));

        Assert.Equal(["tags[0].when", "tags[3].when"], errors.Select(e => e.Field));
        Assert.Contains("a → b → c → a", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("selfish → selfish", errors[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceToATagWithErrors_IsNotAlsoUnknown()
    {
        var errors = Errors(Document(Rule("a", """{"tag": "b"}"""), """{"name": "b", "kind": "model", "category": "c", "model": "x"}"""));

        Assert.Equal("tags[1].model", Assert.Single(errors).Field);
    }

    [Fact]
    public void DeepCondition_IsAnErrorAtTheLevelPastTheLimit()
    {
        var when = """{"tag": "vip"}""";
        for (var i = 0; i < TagSpec.MaxDepth; i++)
        {
            when = $$"""{"not": {{when}}}""";
        }

        var errors = Errors(Document(Rule("t", when), List));

        Assert.Equal("tags[0].when" + string.Concat(Enumerable.Repeat(".not", TagSpec.MaxDepth)), Assert.Single(errors).Field);
    }

    [Fact]
    public void ConditionWithTooManyTests_IsAnErrorOnWhen()
    {
        static string Any(int count) => $$"""{"any": [{{string.Join(",", Enumerable.Repeat("""{"trait": "x", "op": "exists"}""", count))}}]}""";

        var errors = Errors(Document(Rule("t", Any(TagSpec.MaxLeaves + 1))));

        Assert.Equal("tags[0].when", Assert.Single(errors).Field);
        Assert.NotNull(Parse(Document(Rule("t", Any(TagSpec.MaxLeaves)))).Find("t"));
    }

    [Fact]
    public void ParseTag_PrefixesErrorsWithTheField_AndLeavesReferencesToTheCatalog()
    {
        using var bad = JsonDocument.Parse("""{"name": "x", "kind": "rule", "category": "c", "when": {"all": [{"trait": "age", "op": "gt"}]}}""");
        using var good = JsonDocument.Parse("""{"name": "x", "kind": "rule", "category": "nowhere", "when": {"tag": "unknown"}}""");

        var (none, errors) = TagSpec.ParseTag(bad.RootElement, "tags[4]");
        var (tag, noErrors) = TagSpec.ParseTag(good.RootElement, "tags[4]");

        Assert.Null(none);
        Assert.Equal("tags[4].when.all[0].value", Assert.Single(errors).Field);
        Assert.Empty(noErrors);
        Assert.Equal(new TagReferenceCondition("unknown", null, []).Tag, Assert.IsType<TagReferenceCondition>(tag!.When).Tag);
    }

    [Fact]
    public void Catalog_RoundTripsThroughWrite()
    {
        var json = Document(
            """{"name": "vip", "kind": "list", "category": "c", "description": "imported", "owner": "crm", "identifierType": "phone"}""",
            """{"name": "power", "kind": "value", "category": "c", "of": {"computed": "spend"}, "buckets": [{"value": "高", "min": 1000.5, "max": 1000000}, {"value": "low", "min": -3}]}""",
            """{"name": "rfm", "kind": "model", "category": "c", "model": "lifecycle"}""",
            Rule("t", """
                {"all": [{"trait": "city", "op": "in", "value": ["上海", 3, true]}, {"not": {"tag": "vip"}},
                         {"any": [{"tag": "power", "op": "in", "value": ["高"]}, {"tag": "rfm", "op": "ne", "value": "new"}, {"computed": "last", "op": "before", "value": "2026-01-01T08:00:00+08:00"}]},
                         {"trait": "x", "op": "notExists"}, {"trait": "age", "op": "between", "value": [18, 30.5]}, {"trait": "tags", "op": "contains", "value": "a\"b"}]}
                """));

        var written = Write(Parse(json));
        var again = Write(Parse(written));

        Assert.Equal(written, again);
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement), JsonSerializer.Serialize(JsonDocument.Parse(written).RootElement));
    }

    [Fact]
    public void DependenciesOf_ListsTraitsComputedAndTagsSorted()
    {
        var catalog = Parse(Document(
            List,
            """{"name": "power", "kind": "value", "category": "c", "of": {"computed": "spend"}, "buckets": [{"value": "high", "min": 1}]}""",
            Rule("t", """{"all": [{"trait": "zodiac", "op": "exists"}, {"trait": "city", "op": "eq", "value": "上海"}, {"tag": "vip"}, {"any": [{"computed": "spend", "op": "gt", "value": 1}, {"trait": "city", "op": "exists"}, {"tag": "power"}]}]}""")));

        var dependencies = TagSpec.DependenciesOf(catalog.Find("t")!);

        Assert.Equal(["city", "zodiac"], dependencies.Traits);
        Assert.Equal(["spend"], dependencies.Computed);
        Assert.Equal(["power", "vip"], dependencies.Tags);
        Assert.Equal(["spend"], TagSpec.DependenciesOf(catalog.Find("power")!).Computed);
    }
}

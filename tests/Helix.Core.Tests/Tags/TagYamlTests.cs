using Helix.Core.Tags;
using static Helix.Core.Tests.Tags.TagCatalogs;

namespace Helix.Core.Tests.Tags;

/// <summary>YAML catalogs: the same catalog as the JSON form, YAML errors with their position, field errors with the JSON paths.</summary>
public sealed class TagYamlTests
{
    private const string Yaml = """
        categories:
          - name: loyalty
            description: Membership and loyalty
            owner: crm-team
        tags:
          - name: big_spender
            kind: rule
            category: loyalty
            when:
              all:
                - {computed: spend_365d, op: gte, value: 3000}
                - not: {tag: vip}
                - any:
                    - trait: city
                      op: in
                      value: [上海, 杭州]
                    - {trait: member_no, op: eq, value: "42"}
                    - {trait: opted_in, op: eq, value: true}
          - {name: vip, kind: list, category: loyalty}
          - name: power
            kind: value
            category: loyalty
            of: {computed: spend_365d}
            buckets:
              - {value: high, min: 5000.5}
              - {value: low, min: -10}
        """;

    private const string Json = """
        {"categories": [{"name": "loyalty", "description": "Membership and loyalty", "owner": "crm-team"}],
         "tags": [
           {"name": "big_spender", "kind": "rule", "category": "loyalty", "when": {"all": [
             {"computed": "spend_365d", "op": "gte", "value": 3000}, {"not": {"tag": "vip"}},
             {"any": [{"trait": "city", "op": "in", "value": ["上海", "杭州"]}, {"trait": "member_no", "op": "eq", "value": "42"}, {"trait": "opted_in", "op": "eq", "value": true}]}]}},
           {"name": "vip", "kind": "list", "category": "loyalty"},
           {"name": "power", "kind": "value", "category": "loyalty", "of": {"computed": "spend_365d"}, "buckets": [{"value": "high", "min": 5000.5}, {"value": "low", "min": -10}]}]}
        """;

    [Fact]
    public void YamlCatalog_IsTheSameAsItsJsonForm()
    {
        var (catalog, errors) = TagSpec.ParseCatalogYaml(Yaml);

        Assert.Empty(errors);
        Assert.Equal(Write(Parse(Json)), Write(catalog!));
    }

    [Theory]
    [InlineData("categories:\n  - name: c\ntags:\n  - name: x\n   kind: list\n", "line 5")]
    [InlineData("tags: [\n  {name: x, kind: list,\n", "line 3")]
    [InlineData("categories: []\ncategories: []\n", "line 2, column 1")]
    [InlineData("categories:\n  - &c {name: c}\n  - *c\n", "line 3, column 5")]
    [InlineData("", "is empty")]
    [InlineData("categories: []\n---\ntags: []\n", "line 2")]
    public void InvalidYaml_IsOneErrorWithItsPosition(string yaml, string position)
    {
        var (catalog, errors) = TagSpec.ParseCatalogYaml(yaml);

        Assert.Null(catalog);
        var error = Assert.Single(errors);
        Assert.Equal("$", error.Field);
        Assert.Contains(position, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlCatalogWithBadFields_GivesTheJsonPaths()
    {
        var (_, errors) = TagSpec.ParseCatalogYaml("categories: [{name: c}]\ntags:\n  - {name: x, kind: rule, category: c, when: {trait: age, op: gt, value: [1]}}\n  - {name: y, kind: model, category: c, model: ~}\n");

        Assert.Equal(["tags[0].when.value", "tags[1].model"], errors.Select(e => e.Field));
    }
}

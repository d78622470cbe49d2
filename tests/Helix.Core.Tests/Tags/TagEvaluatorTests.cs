using Helix.Core.Tags;
using static Helix.Core.Tests.Tags.TagCatalogs;

namespace Helix.Core.Tests.Tags;

/// <summary>Every kind and every operator over facts, including numeric strings, missing values and type mismatches.</summary>
public sealed class TagEvaluatorTests
{
    private const string Sample = """
        {
          "categories": [ {"name": "loyalty", "description": "Membership and loyalty", "owner": "crm-team"}, {"name": "value"}, {"name": "model"} ],
          "tags": [
            {"name": "vip_2026", "kind": "list", "category": "loyalty", "description": "VIP import", "identifierType": "phone"},
            {"name": "employee", "kind": "list", "category": "loyalty"},
            {"name": "big_spender", "kind": "rule", "category": "value",
             "when": {"all": [ {"computed": "spend_365d", "op": "gte", "value": 3000},
                               {"not": {"tag": "employee"}},
                               {"any": [ {"trait": "city", "op": "in", "value": ["上海", "杭州"]}, {"trait": "tier", "op": "eq", "value": "金卡"} ]} ]}},
            {"name": "purchasing_power", "kind": "value", "category": "value", "of": {"computed": "spend_365d"},
             "buckets": [ {"value": "high", "min": 5000}, {"value": "mid", "min": 1000}, {"value": "low", "min": 0} ]},
            {"name": "rfm_group", "kind": "model", "category": "model", "model": "rfm"}
          ]
        }
        """;

    private static bool Holds(string? fact, string op, string? value)
    {
        var when = value is null ? $$"""{"trait": "x", "op": "{{op}}"}""" : $$"""{"trait": "x", "op": "{{op}}", "value": {{value}}}""";
        var catalog = Parse(Document(Rule("t", when)));
        var facts = new PersonFacts(fact is null ? "{}" : $$"""{"x": {{fact}}}""");
        return TagEvaluator.Evaluate(catalog, facts).ContainsKey("t");
    }

    [Theory]
    [InlineData("42", "eq", "42", true)]
    [InlineData("\"42\"", "eq", "42", true)]
    [InlineData("42", "eq", "\"42\"", true)]
    [InlineData("\"42\"", "eq", "\"42.0\"", false)]
    [InlineData("\"abc\"", "eq", "42", false)]
    [InlineData("\"金卡\"", "eq", "\"金卡\"", true)]
    [InlineData("\"Abc\"", "eq", "\"abc\"", false)]
    [InlineData("true", "eq", "true", true)]
    [InlineData("true", "eq", "\"true\"", false)]
    [InlineData("[1, 2]", "eq", "1", false)]
    [InlineData(null, "eq", "42", false)]
    [InlineData("\"上海\"", "ne", "\"杭州\"", true)]
    [InlineData("\"上海\"", "ne", "\"上海\"", false)]
    [InlineData("\"abc\"", "ne", "5", true)]
    [InlineData(null, "ne", "\"上海\"", false)]
    [InlineData("null", "ne", "\"上海\"", false)]
    [InlineData("10", "gt", "9", true)]
    [InlineData("\"10\"", "gt", "9", true)]
    [InlineData("\"10\"", "gt", "\"9\"", false)]
    [InlineData("\"abc\"", "gt", "5", false)]
    [InlineData("true", "gt", "0", false)]
    [InlineData(null, "gt", "0", false)]
    [InlineData("9", "gte", "9", true)]
    [InlineData("8.5", "gte", "9", false)]
    [InlineData("\"b\"", "gte", "\"a\"", true)]
    [InlineData("8", "lt", "9", true)]
    [InlineData("9", "lt", "9", false)]
    [InlineData("9", "lte", "9", true)]
    [InlineData("\"9.5\"", "lte", "9", false)]
    [InlineData("\"上海\"", "in", "[\"上海\", \"杭州\"]", true)]
    [InlineData("\"北京\"", "in", "[\"上海\", \"杭州\"]", false)]
    [InlineData("\"3\"", "in", "[1, 2, 3]", true)]
    [InlineData(null, "in", "[\"上海\"]", false)]
    [InlineData("\"北京\"", "notIn", "[\"上海\", \"杭州\"]", true)]
    [InlineData("\"上海\"", "notIn", "[\"上海\", \"杭州\"]", false)]
    [InlineData(null, "notIn", "[\"上海\"]", false)]
    [InlineData("\"hello world\"", "contains", "\"lo w\"", true)]
    [InlineData("\"hello\"", "contains", "\"L\"", false)]
    [InlineData("[\"a\", \"b\"]", "contains", "\"b\"", true)]
    [InlineData("[1, 2]", "contains", "2", true)]
    [InlineData("[\"1\", \"2\"]", "contains", "2", true)]
    [InlineData("42", "contains", "4", false)]
    [InlineData(null, "contains", "\"a\"", false)]
    [InlineData("0", "exists", null, true)]
    [InlineData("\"\"", "exists", null, true)]
    [InlineData("null", "exists", null, false)]
    [InlineData(null, "exists", null, false)]
    [InlineData(null, "notExists", null, true)]
    [InlineData("null", "notExists", null, true)]
    [InlineData("false", "notExists", null, false)]
    [InlineData("5", "between", "[1, 10]", true)]
    [InlineData("10", "between", "[1, 10]", true)]
    [InlineData("1", "between", "[1, 10]", true)]
    [InlineData("11", "between", "[1, 10]", false)]
    [InlineData("\"5\"", "between", "[1, 10]", true)]
    [InlineData("\"b\"", "between", "[\"a\", \"c\"]", true)]
    [InlineData("\"x\"", "between", "[1, 10]", false)]
    [InlineData(null, "between", "[1, 10]", false)]
    [InlineData("\"2026-01-01\"", "before", "\"2026-06-01\"", true)]
    [InlineData("\"2026-07-01T00:00:00Z\"", "before", "\"2026-06-01\"", false)]
    [InlineData("\"2026-01-01T08:00:00+08:00\"", "before", "\"2026-01-01T00:00:00Z\"", false)]
    [InlineData("\"2026-01-01T08:00:00+08:00\"", "after", "\"2026-01-01T00:00:00Z\"", false)]
    [InlineData("\"2026-01-01T08:00:01+08:00\"", "after", "\"2026-01-01\"", true)]
    [InlineData("\"soon\"", "after", "\"2026-01-01\"", false)]
    [InlineData("20260101", "after", "\"2025-01-01\"", false)]
    [InlineData(null, "before", "\"2026-01-01\"", false)]
    public void FactOperator_HoldsAsDocumented(string? fact, string op, string? value, bool expected) =>
        Assert.Equal(expected, Holds(fact, op, value));

    [Fact]
    public void SampleCatalog_AssignsEachKind()
    {
        var catalog = Parse(Sample);
        var facts = new PersonFacts(
            """{"city": "杭州", "tier": "银卡"}""",
            """{"spend_365d": 6200}""",
            new Dictionary<string, string?> { ["vip_2026"] = null, ["rfm_group"] = "champions", ["retired_list"] = null });

        var tags = TagEvaluator.Evaluate(catalog, facts);

        Assert.Equal(["big_spender", "purchasing_power", "rfm_group", "vip_2026"], tags.Keys.Order(StringComparer.Ordinal));
        Assert.Null(tags["big_spender"]);
        Assert.Null(tags["vip_2026"]);
        Assert.Equal("high", tags["purchasing_power"]);
        Assert.Equal("champions", tags["rfm_group"]);
    }

    [Fact]
    public void AssignedTag_WithARuleTagsName_IsIgnored_AndListValueDropped()
    {
        var catalog = Parse(Sample);
        var facts = new PersonFacts(assigned: new Dictionary<string, string?> { ["big_spender"] = null, ["employee"] = "yes" });

        var tags = TagEvaluator.Evaluate(catalog, facts);

        Assert.Equal(["employee"], tags.Keys);
        Assert.Null(tags["employee"]);
    }

    [Fact]
    public void RuleTag_ReadsListTagMembership()
    {
        var catalog = Parse(Sample);
        var employee = new Dictionary<string, string?> { ["employee"] = null };

        var tags = TagEvaluator.Evaluate(catalog, new PersonFacts("""{"tier": "金卡"}""", """{"spend_365d": 3000}""", employee));

        Assert.DoesNotContain("big_spender", tags.Keys);
        Assert.Contains("big_spender", TagEvaluator.Evaluate(catalog, new PersonFacts("""{"tier": "金卡"}""", """{"spend_365d": 3000}""")).Keys);
    }

    [Theory]
    [InlineData("6000", "high")]
    [InlineData("5000", "high")]
    [InlineData("4999.99", "mid")]
    [InlineData("\"2500\"", "mid")]
    [InlineData("0", "low")]
    [InlineData("-1", null)]
    [InlineData("\"lots\"", null)]
    [InlineData("null", null)]
    public void ValueTag_FirstBucketWithMinAtMostTheValueWins(string spend, string? expected)
    {
        var catalog = Parse(Sample);

        var tags = TagEvaluator.Evaluate(catalog, new PersonFacts(computed: $$"""{"spend_365d": {{spend}}}"""));

        Assert.Equal(expected, tags.GetValueOrDefault("purchasing_power"));
    }

    [Fact]
    public void ValueTag_MaxIsExclusive_AndAGapGivesNoTag()
    {
        var catalog = Parse(Document("""
            {"name": "age_band", "kind": "value", "category": "c", "of": {"trait": "age"},
             "buckets": [ {"value": "young", "min": 18, "max": 30}, {"value": "older", "min": 40} ]}
            """));

        string? Band(int age) => TagEvaluator.Evaluate(catalog, new PersonFacts($$"""{"age": {{age}}}""")).GetValueOrDefault("age_band");

        Assert.Equal("young", Band(29));
        Assert.Null(Band(30));
        Assert.Equal("older", Band(40));
        Assert.Null(Band(17));
    }

    [Fact]
    public void RuleTag_UsingTagsDefinedLater_IsEvaluatedAfterThem()
    {
        var catalog = Parse(Document(
            Rule("loyal_rich", """{"all": [{"tag": "rich"}, {"tag": "power", "op": "in", "value": ["high", "mid"]}]}"""),
            Rule("rich", """{"tag": "power", "op": "eq", "value": "high"}"""),
            """{"name": "power", "kind": "value", "category": "c", "of": {"computed": "spend"}, "buckets": [{"value": "high", "min": 100}, {"value": "mid", "min": 10}]}"""));

        var tags = TagEvaluator.Evaluate(catalog, new PersonFacts(computed: """{"spend": 150}"""));

        Assert.Equal(["power", "rich", "loyal_rich"], catalog.EvaluationOrder.Select(t => t.Name));
        Assert.Contains("loyal_rich", tags.Keys);
        Assert.Contains("rich", tags.Keys);
    }

    [Theory]
    [InlineData("high", "eq", "\"high\"", true)]
    [InlineData("mid", "eq", "\"high\"", false)]
    [InlineData("mid", "ne", "\"high\"", true)]
    [InlineData(null, "ne", "\"high\"", false)]
    [InlineData("mid", "in", "[\"high\", \"mid\"]", true)]
    [InlineData(null, "in", "[\"high\", \"mid\"]", false)]
    public void TagValueTest_ComparesTheModelTagsValue(string? group, string op, string value, bool expected)
    {
        var catalog = Parse(Document(
            """{"name": "rfm", "kind": "model", "category": "c", "model": "rfm"}""",
            Rule("t", $$"""{"tag": "rfm", "op": "{{op}}", "value": {{value}}}""")));
        var assigned = group is null ? [] : new Dictionary<string, string?> { ["rfm"] = group };

        var tags = TagEvaluator.Evaluate(catalog, new PersonFacts(assigned: assigned));

        Assert.Equal(expected, tags.ContainsKey("t"));
    }

    [Fact]
    public void Catalog_WithACycleBuiltByHand_RefusesToEvaluate()
    {
        var a = new TagDefinition("a", TagKind.Rule, "c", null, null, When: new TagReferenceCondition("b", null, []));
        var b = new TagDefinition("b", TagKind.Rule, "c", null, null, When: new TagReferenceCondition("a", null, []));
        var catalog = new TagCatalog([new TagCategory("c", null, null)], [a, b]);

        Assert.Throws<InvalidOperationException>(() => TagEvaluator.Evaluate(catalog, new PersonFacts()));
    }
}

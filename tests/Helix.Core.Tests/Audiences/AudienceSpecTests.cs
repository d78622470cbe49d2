using System.Text.Json;
using Helix.Core.Audiences;
using Helix.Core.Tags;

namespace Helix.Core.Tests.Audiences;

public sealed class AudienceSpecTests
{
    // Each row: the canonical JSON and the text of the same condition.
    [Theory]
    [InlineData("""{"trait":"city","op":"eq","value":"上海"}""", "trait(\"city\") = \"上海\"")]
    [InlineData("""{"computed":"orders_90d","op":"gte","value":2}""", "computed(\"orders_90d\") >= 2")]
    [InlineData("""{"trait":"tier","op":"notIn","value":["普卡",3]}""", "trait(\"tier\") not in [\"普卡\", 3]")]
    [InlineData("""{"trait":"age","op":"between","value":[18,30]}""", "trait(\"age\") between 18 and 30")]
    [InlineData("""{"trait":"first_seen","op":"after","value":"2026-01-01"}""", "trait(\"first_seen\") after 2026-01-01")]
    [InlineData("""{"trait":"email","op":"notExists"}""", "trait(\"email\") not exists")]
    [InlineData("""{"tag":"vip"}""", "has tag(\"vip\")")]
    [InlineData("""{"tag":"rfm","op":"in","value":["important_value","important_keep"]}""", "tag(\"rfm\") in [\"important_value\", \"important_keep\"]")]
    [InlineData("""{"segment":"high_value"}""", "in segment(\"high_value\")")]
    [InlineData("""{"did":{"event":"Order Completed","function":"count","op":"gte","value":1}}""", "did(\"Order Completed\")")]
    [InlineData("""{"did":{"event":["Order Completed","Order Paid"],"where":[{"property":"category","op":"eq","value":"snacks"},{"property":"coupon","op":"exists","value":false}],"function":"sum","of":"properties.total","op":"gte","value":500,"within":"90d"}}""", "did([\"Order Completed\", \"Order Paid\"] where category = \"snacks\" and coupon not exists, sum(total) >= 500, within 90d)")]
    [InlineData("""{"did":{"event":"Order Completed","function":"count","op":"eq","value":0,"between":["2026-11-01","2026-11-11"]}}""", "did(\"Order Completed\", count = 0, between 2026-11-01 and 2026-11-11)")]
    [InlineData("""{"did":{"event":"Order Completed","function":"max","of":"properties.products[].price","op":"lt","value":9.9,"since":"2026-01-01"}}""", "did(\"Order Completed\", max(products[].price) < 9.9, since 2026-01-01)")]
    [InlineData("""{"sequence":{"steps":[{"event":"Product Viewed","within":"30d"},{"event":"Order Completed","absent":true}],"within":"3d"}}""", "did(\"Product Viewed\", within 30d) then not did(\"Order Completed\") within 3d")]
    [InlineData("""{"sequence":{"steps":[{"event":"A"},{"event":"B","where":[{"property":"x","op":"in","value":[1,2]}]}]}}""", "did(\"A\") then did(\"B\" where x in [1, 2])")]
    [InlineData("""{"all":[{"tag":"a"},{"any":[{"tag":"b"},{"not":{"tag":"c"}}]}]}""", "has tag(\"a\") and (has tag(\"b\") or not has tag(\"c\"))")]
    public void Json_AndText_DescribeTheSameCondition(string json, string text)
    {
        var fromJson = Parse(json);
        var fromText = AudienceTextTests.Parse(text);

        Assert.Equal(fromText, fromJson);
        Assert.Equal(json, AudienceSpec.ToJson(fromText));
        Assert.Equal(text, AudienceText.Print(fromJson));
    }

    [Fact]
    public void Defaults_AreFilledIn_AndWrittenExplicitly()
    {
        var condition = Parse("""{"any":[{"did":{"event":"A"}},{"all":[{"did":{"event":"B","where":[{"property":"p","op":"exists","value":true}]}}]}]}""");

        Assert.Equal(
            """{"any":[{"did":{"event":"A","function":"count","op":"gte","value":1}},{"did":{"event":"B","where":[{"property":"p","op":"exists"}],"function":"count","op":"gte","value":1}}]}""",
            AudienceSpec.ToJson(condition));
    }

    [Fact]
    public void TagRuleCondition_IsAnAudienceCondition_WithTheSameTree()
    {
        const string When = """{"all":[{"trait":"tier","op":"in","value":["金卡","黑金"]},{"computed":"orders_90d","op":"eq","value":0},{"tag":"lapsing_buyer"}]}""";
        var tag = TagSpec.ParseTag(JsonDocument.Parse($$"""{"name":"t","kind":"rule","category":"c","when":{{When}}}""").RootElement, "tag").Tag!;

        Assert.Equal(tag.When, Parse(When));
    }

    [Theory]
    [InlineData("""{"all":[{"tag":"a"},{"did":{"event":"A","within":"30x"}}]}""", "all[1].did.within")]
    [InlineData("""{"all":[{"tag":"a"},{"did":{"event":"A","windw":"30d"}}]}""", "all[1].did.windw")]
    [InlineData("""{"did":{"event":"A","within":"30d","since":"2026-01-01"}}""", "did.since")]
    [InlineData("""{"did":{"event":"A","between":["2026-02-01","2026-01-01"]}}""", "did.between")]
    [InlineData("""{"did":{"function":"count"}}""", "did.event")]
    [InlineData("""{"did":{"event":"A","function":"sum","op":"gt","value":1}}""", "did.of")]
    [InlineData("""{"did":{"event":"A","function":"sum","of":"context.total","op":"gt","value":1}}""", "did.of")]
    [InlineData("""{"did":{"event":"A","of":"properties.total"}}""", "did.of")]
    [InlineData("""{"did":{"event":"A","function":"count","op":"gte","value":1.5}}""", "did.value")]
    [InlineData("""{"did":{"event":"A","function":"sum","of":"properties.x","op":"gte","value":1e30}}""", "did.value")]
    [InlineData("""{"did":{"event":"A","function":"distinctCount","of":"properties.x","op":"gte","value":1}}""", "did.function")]
    [InlineData("""{"did":{"event":"A","op":"gte"}}""", "did.value")]
    [InlineData("""{"did":{"event":"A","where":[{"property":"x","op":"contains","value":"y"}]}}""", "did.where[0].op")]
    [InlineData("""{"not":{"sequence":{"steps":[{"event":"A"},{"event":"B","within":"3d"}]}}}""", "not.sequence.steps[1].within")]
    [InlineData("""{"sequence":{"steps":[{"event":"A","absent":true},{"event":"B"}]}}""", "sequence.steps[0].absent")]
    [InlineData("""{"sequence":{"steps":[{"event":"A"},{"event":"B","absent":true}]}}""", "sequence.within")]
    [InlineData("""{"sequence":{"steps":[{"event":"A"}]}}""", "sequence.steps")]
    [InlineData("""{"segment":"High Value"}""", "segment")]
    [InlineData("""{"trait":"x","op":"eq","value":1e400}""", "value")]
    [InlineData("""{"trait":"x","op":"eq"}""", "value")]
    [InlineData("""{"any":[]}""", "any")]
    [InlineData("""{"tag":"a","segment":"b"}""", "segment")]
    [InlineData("""{"trait":"x","op":"eq","value":"a","extra":1}""", "extra")]
    [InlineData("""[1]""", "$")]
    [InlineData("""{"all":[{"tag":"a"}""", "$")]
    public void BadJson_NamesTheField(string json, string field)
    {
        var (condition, errors) = AudienceSpec.Parse(json);

        Assert.Null(condition);
        Assert.Contains(field, errors.Select(e => e.Field));
    }

    [Fact]
    public void NestingBeyond16Levels_IsAnError()
    {
        var json = string.Concat(Enumerable.Repeat("{\"not\":", 16)) + "{\"tag\":\"a\"}" + new string('}', 16);

        var (condition, errors) = AudienceSpec.Parse(json);

        Assert.Null(condition);
        Assert.Contains(errors, e => e.Reason.Contains("deeper than 16", StringComparison.Ordinal));
    }

    [Fact]
    public void LoneSurrogateEscape_IsAnErrorOrAValue_NeverAnException()
    {
        var (condition, errors) = AudienceSpec.Parse("""{"trait":"\ud800","op":"exists"}""");

        Assert.True(condition is null ? errors.Count > 0 : errors.Count == 0);
    }

    internal static Condition Parse(string json)
    {
        var (condition, errors) = AudienceSpec.Parse(json);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return condition!;
    }
}

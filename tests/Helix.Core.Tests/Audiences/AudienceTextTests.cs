using System.Text.Json;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Tests.Audiences;

public sealed class AudienceTextTests
{
    internal const string IssueExample =
        "tag(\"rfm\") = \"important_value\" and did(\"Order Completed\", count >= 2, within 30d) and not did(\"Product Viewed\" where category = \"snacks\", within 3d)";

    [Fact]
    public void IssueExample_ParsesToTheTreeAndPrintsBackUnchanged()
    {
        var expected = new AllCondition(
        [
            new TagReferenceCondition("rfm", ConditionOp.Eq, ["important_value"]),
            EventCondition.Did("Order Completed") with { Threshold = 2, Window = new RelativeWindow(TimeSpan.FromDays(30)) },
            new NotCondition(new EventCondition(
                new EventFilter(MessageType.Track, ["Product Viewed"], [new PropertyCondition("category", ConditionOp.Eq, Json("\"snacks\""))]),
                AggregateFunction.Count, null, ConditionOp.Gte, 1, new RelativeWindow(TimeSpan.FromDays(3)))),
        ]);

        var parsed = Parse(IssueExample);

        Assert.Equal(expected, parsed);
        Assert.Equal(IssueExample, AudienceText.Print(parsed));
    }

    [Theory]
    [InlineData("trait(\"city\") = \"上海\"", FactSource.Trait, "city", ConditionOp.Eq, "\"上海\"")]
    [InlineData("trait(\"city\") != \"上海\"", FactSource.Trait, "city", ConditionOp.Ne, "\"上海\"")]
    [InlineData("computed(\"orders_90d\") >= 2", FactSource.Computed, "orders_90d", ConditionOp.Gte, "2")]
    [InlineData("computed(\"spend_365d\") < 99.5", FactSource.Computed, "spend_365d", ConditionOp.Lt, "99.5")]
    [InlineData("trait(\"age\") > 17", FactSource.Trait, "age", ConditionOp.Gt, "17")]
    [InlineData("trait(\"age\") <= 60", FactSource.Trait, "age", ConditionOp.Lte, "60")]
    [InlineData("trait(\"tier\") in [\"金卡\", \"黑金\"]", FactSource.Trait, "tier", ConditionOp.In, "[\"金卡\",\"黑金\"]")]
    [InlineData("trait(\"tier\") not in [\"普卡\", 3, true]", FactSource.Trait, "tier", ConditionOp.NotIn, "[\"普卡\",3,true]")]
    [InlineData("trait(\"interests\") contains \"坚果\"", FactSource.Trait, "interests", ConditionOp.Contains, "\"坚果\"")]
    [InlineData("trait(\"email\") exists", FactSource.Trait, "email", ConditionOp.Exists, null)]
    [InlineData("trait(\"email\") not exists", FactSource.Trait, "email", ConditionOp.NotExists, null)]
    [InlineData("trait(\"age\") between 18 and 30", FactSource.Trait, "age", ConditionOp.Between, "[18,30]")]
    [InlineData("trait(\"first_seen\") before 2026-01-01", FactSource.Trait, "first_seen", ConditionOp.Before, "\"2026-01-01\"")]
    [InlineData("trait(\"last_seen\") after 2026-01-01T08:00:00+08:00", FactSource.Trait, "last_seen", ConditionOp.After, "\"2026-01-01T08:00:00+08:00\"")]
    [InlineData("trait(\"member\") = true", FactSource.Trait, "member", ConditionOp.Eq, "true")]
    public void FactTests_ParseToTheTagRuleLeaf_AndPrintBack(string text, FactSource source, string name, ConditionOp op, string? value)
    {
        var expected = new FactCondition(new FactRef(source, name), op, value is null ? null : Json(value));

        var parsed = Parse(text);

        Assert.Equal(expected, parsed);
        Assert.Equal(text, AudienceText.Print(parsed));
    }

    [Theory]
    [InlineData("trait(\"email\") = null", ConditionOp.NotExists, "trait(\"email\") not exists")]
    [InlineData("trait(\"email\") != null", ConditionOp.Exists, "trait(\"email\") exists")]
    [InlineData("trait(\"birthday\") = 1990-05-01", ConditionOp.Eq, "trait(\"birthday\") = \"1990-05-01\"")]
    public void Sugar_ParsesToTheCanonicalTest(string text, ConditionOp op, string canonical)
    {
        var parsed = Parse(text);

        Assert.Equal(op, Assert.IsType<FactCondition>(parsed).Op);
        Assert.Equal(canonical, AudienceText.Print(parsed));
    }

    [Theory]
    [InlineData("has tag(\"vip\")", "vip", null, new string[0], "has tag(\"vip\")")]
    [InlineData("tag(\"vip\")", "vip", null, new string[0], "has tag(\"vip\")")]
    [InlineData("tag(\"rfm\") = \"important_value\"", "rfm", ConditionOp.Eq, new[] { "important_value" }, "tag(\"rfm\") = \"important_value\"")]
    [InlineData("tag(\"rfm\") != \"general_retain\"", "rfm", ConditionOp.Ne, new[] { "general_retain" }, "tag(\"rfm\") != \"general_retain\"")]
    [InlineData("tag(\"spend_level\") in [\"high\", \"top\"]", "spend_level", ConditionOp.In, new[] { "high", "top" }, "tag(\"spend_level\") in [\"high\", \"top\"]")]
    public void TagTests_ParseToTagReferences(string text, string tag, ConditionOp? op, string[] values, string canonical)
    {
        var parsed = Parse(text);

        Assert.Equal(new TagReferenceCondition(tag, op, values), parsed);
        Assert.Equal(canonical, AudienceText.Print(parsed));
    }

    [Theory]
    [InlineData("in segment(\"high_value\")")]
    [InlineData("segment(\"high_value\")")]
    public void SegmentReference_Parses(string text)
    {
        var parsed = Parse(text);

        Assert.Equal(new SegmentReferenceCondition("high_value"), parsed);
        Assert.Equal("in segment(\"high_value\")", AudienceText.Print(parsed));
    }

    [Theory]
    [InlineData("did(\"Order Completed\")", AggregateFunction.Count, null, ConditionOp.Gte, 1)]
    [InlineData("did(\"Order Completed\", count = 0)", AggregateFunction.Count, null, ConditionOp.Eq, 0)]
    [InlineData("did(\"Order Completed\", sum(total) >= 500, within 90d)", AggregateFunction.Sum, "properties.total", ConditionOp.Gte, 500)]
    [InlineData("did(\"Order Completed\", avg(total) > 99.9)", AggregateFunction.Avg, "properties.total", ConditionOp.Gt, 99.9)]
    [InlineData("did(\"Order Completed\", min(products[].price) < 10)", AggregateFunction.Min, "properties.products[].price", ConditionOp.Lt, 10)]
    [InlineData("did(\"Order Completed\", max(\"商品 金额\") != 0)", AggregateFunction.Max, "properties.商品 金额", ConditionOp.Ne, 0)]
    [InlineData("did(\"Order Refunded\", sum(total) <= -5)", AggregateFunction.Sum, "properties.total", ConditionOp.Lte, -5)]
    public void EventMeasures_Parse(string text, AggregateFunction function, string? of, ConditionOp op, double threshold)
    {
        var did = Assert.IsType<EventCondition>(Parse(text));

        Assert.Equal((function, of, op, (decimal)threshold), (did.Function, did.Of?.Text, did.Op, did.Threshold));
        Assert.Equal(text, AudienceText.Print(did));
    }

    [Theory]
    [InlineData("did(\"Order Completed\", within 30d)", "30d")]
    [InlineData("did(\"Order Completed\", within 12h)", "12h")]
    [InlineData("did(\"Order Completed\", between 2026-11-01 and 2026-11-11)", "2026-11-01..2026-11-11")]
    [InlineData("did(\"Order Completed\", since 2026-11-01)", "2026-11-01..")]
    public void EventWindows_Parse(string text, string window)
    {
        var did = Assert.IsType<EventCondition>(Parse(text));

        var described = did.Window switch
        {
            RelativeWindow r => ComputedTraitSpec.FormatWindow(r.Length),
            DateWindow d => $"{DateWindow.FormatDay(d.From)}..{(d.To is { } to ? DateWindow.FormatDay(to) : "")}",
            _ => "none",
        };
        Assert.Equal(window, described);
        Assert.Equal(text, AudienceText.Print(did));
    }

    [Fact]
    public void EventFilter_TakesSeveralEventsAndEveryWhereOperator()
    {
        const string Text = "did([\"Order Completed\", \"Order Paid\"] where channel in [\"tmall\", \"jd\"] and total >= 100 and address.city = \"上海\" and coupon exists and gift not exists and \"商品 类别\" != \"零食\")";

        var did = Assert.IsType<EventCondition>(Parse(Text));

        Assert.Equal(["Order Completed", "Order Paid"], did.Filter.Events);
        Assert.Equal(
            [ConditionOp.In, ConditionOp.Gte, ConditionOp.Eq, ConditionOp.Exists, ConditionOp.Exists, ConditionOp.Ne],
            did.Filter.Where.Select(w => w.Op));
        Assert.Equal("address.city", did.Filter.Where[2].Property);
        Assert.Equal(JsonValueKind.False, did.Filter.Where[4].Value!.Value.ValueKind);
        Assert.Equal(Text, AudienceText.Print(did));
    }

    [Fact]
    public void KeywordsAreOrdinaryPropertyNames_AfterWhere()
    {
        var did = Assert.IsType<EventCondition>(Parse("did(\"Order Completed\" where count > 1 and and = \"x\", sum(sum) > 3)"));

        Assert.Equal(["count", "and"], did.Filter.Where.Select(w => w.Property));
        Assert.Equal("properties.sum", did.Of!.Text);
    }

    [Fact]
    public void Sequence_ThenWithin()
    {
        const string Text = "did(\"Product Viewed\" where category = \"snacks\", within 30d) then did(\"Added To Cart\") then did(\"Order Completed\") within 7d";

        var sequence = Assert.IsType<SequenceCondition>(Parse(Text));

        Assert.Equal(3, sequence.Steps.Count);
        Assert.False(sequence.LastAbsent);
        Assert.Equal(TimeSpan.FromDays(7), sequence.Within);
        Assert.Equal(new RelativeWindow(TimeSpan.FromDays(30)), sequence.Window);
        Assert.Equal(Text, AudienceText.Print(sequence));
    }

    [Fact]
    public void Sequence_ThenNotWithin_IsAnAbsence()
    {
        const string Text = "did(\"Product Viewed\") then not did(\"Order Completed\") within 3d";

        var sequence = Assert.IsType<SequenceCondition>(Parse(Text));

        Assert.Equal(new SequenceCondition([EventFilter.Track("Product Viewed"), EventFilter.Track("Order Completed")], true, TimeSpan.FromDays(3), null), sequence);
        Assert.Equal(Text, AudienceText.Print(sequence));
    }

    [Fact]
    public void NotBindsTighterThanAnd_AndAndTighterThanOr()
    {
        var parsed = Parse("not has tag(\"a\") and has tag(\"b\") or has tag(\"c\")");

        var expected = new AnyCondition(
        [
            new AllCondition([new NotCondition(Tag("a")), Tag("b")]),
            Tag("c"),
        ]);
        Assert.Equal(expected, parsed);
        Assert.Equal("not has tag(\"a\") and has tag(\"b\") or has tag(\"c\")", AudienceText.Print(parsed));
    }

    [Fact]
    public void Parentheses_AreKeptOnlyWhereTheTreeNeedsThem()
    {
        var parsed = Parse("((has tag(\"a\") or has tag(\"b\"))) and (not (has tag(\"c\") and has tag(\"d\"))) and (has tag(\"e\") and has tag(\"f\"))");

        Assert.Equal(
            "(has tag(\"a\") or has tag(\"b\")) and not (has tag(\"c\") and has tag(\"d\")) and (has tag(\"e\") and has tag(\"f\"))",
            AudienceText.Print(parsed));
        Assert.IsType<AllCondition>(Assert.IsType<AllCondition>(parsed).Conditions[2]);
    }

    [Fact]
    public void ChineseText_WhitespaceAndLineBreaks_RoundTrip()
    {
        var parsed = Parse("trait(\"城市\") = \"上海\"\n\tand\u3000did(\"下单\" where 类别 = \"零食\",\r\n within 7d)");

        Assert.Equal("trait(\"城市\") = \"上海\" and did(\"下单\" where 类别 = \"零食\", within 7d)", AudienceText.Print(parsed));
    }

    [Fact]
    public void Escapes_RoundTrip_AndInvisibleCharactersArePrintedAsEscapes()
    {
        var parsed = Parse("trait(\"note\") = \"say \\\"hi\\\"\\n\\u4E0A\\uD83D\\uDE00\\u202E\\\\\"");

        Assert.Equal("say \"hi\"\n上😀\u202E\\", Assert.IsType<FactCondition>(parsed).Value!.Value.GetString());
        Assert.Equal("trait(\"note\") = \"say \\\"hi\\\"\\n上😀\\u202E\\\\\"", AudienceText.Print(parsed));
    }

    [Fact]
    public void OneItemGroups_PrintAsTheirItem()
    {
        var condition = new AllCondition([new AnyCondition([Tag("vip")])]);

        Assert.Equal("has tag(\"vip\")", AudienceText.Print(condition));
    }

    internal static Condition Parse(string text)
    {
        var result = AudienceText.Parse(text);
        Assert.True(result.Error is null, result.Error?.ToString());
        return result.Condition!;
    }

    internal static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static TagReferenceCondition Tag(string name) => new(name, null, []);
}

using Helix.Core.Audiences;

namespace Helix.Core.Tests.Audiences;

/// <summary>Each error: where it points (line and column from 1), what it says, and the example it offers.</summary>
public sealed class AudienceSyntaxErrorTests
{
    private const string Window = "did(\"Order Completed\", within 30d)";
    private const string Condition = "trait(\"city\") = \"上海\" and did(\"Order Completed\", within 30d)";
    private const string City = "trait(\"city\") = \"上海\"";

    [Theory]
    [InlineData("did(\"Order Completed\", within)", 1, 30, "expected a window such as 30d after 'within', found ')'", Window)]
    [InlineData("did(\"Order Completed\", within 30)", 1, 31, "a window needs a unit, d or h", Window)]
    [InlineData("did(\"Order Completed\", within 30x)", 1, 31, "the window is Nd (calendar days, 1 to 3650) or Nh", Window)]
    [InlineData("did(\"Order Completed\", within 48h)", 1, 31, "write 2d", Window)]
    [InlineData("did(\"Order Completed\") within 30d", 1, 24, "a did's window goes inside its parentheses", Window)]
    [InlineData("trait(\"city\") == \"上海\"", 1, 15, "write = to compare, not ==", City)]
    [InlineData("trait(\"city\") = “上海”", 1, 17, "straight double quotes", City)]
    [InlineData("trait(\"city\") = \"上海", 1, 17, "this text is not closed", City)]
    [InlineData("trait（\"x\"）", 1, 6, "half-width punctuation", Window)]
    [InlineData("tag(\"vip\") AND tag(\"x\")", 1, 12, "keywords are lower case: write and", Condition)]
    [InlineData("tag(\"VIP\")", 1, 5, "a tag name is lower-case snake case", "tag(\"rfm\") = \"important_value\"")]
    [InlineData("tag(\"rfm\") > \"a\"", 1, 12, "a tag's value is compared with =, != or in", "tag(\"rfm\") = \"important_value\"")]
    [InlineData("(has tag(\"a\") or has tag(\"b\")", 1, 30, "expected ) to close the ( at 1:1", "(tag(\"vip\") or tag(\"svip\")) and did(\"Order Completed\")")]
    [InlineData("has tag(\"a\"))", 1, 13, "this ) closes no (", Condition)]
    [InlineData("did(\"A\", count >= 1.5)", 1, 19, "is a whole number, 0 or more, for count", "did(\"Order Completed\", count >= 2, within 30d)")]
    [InlineData("did(\"A\", between 2026-02-01 and 2026-01-01)", 1, 33, "the last day is before the first", "did(\"Order Completed\", between 2026-11-01 and 2026-11-11)")]
    [InlineData("did(\"A\", since 2026-13-01)", 1, 16, "expected a day such as 2026-01-01", "did(\"Order Completed\", between 2026-11-01 and 2026-11-11)")]
    [InlineData("did(\"A\") then not did(\"B\")", 1, 27, "needs within", "did(\"Product Viewed\") then not did(\"Order Completed\") within 3d")]
    [InlineData("did(\"A\") then did(\"B\", within 3d) within 7d", 1, 24, "only the first step of a sequence takes a window", "did(\"Product Viewed\", within 30d) then did(\"Order Completed\") within 7d")]
    [InlineData("did(\"A\", count >= 2) then did(\"B\")", 1, 10, "a sequence step is one event", "did(\"Product Viewed\") then did(\"Order Completed\") within 7d")]
    [InlineData("did(\"A\") then not did(\"B\") then did(\"C\") within 3d", 1, 28, "only the last step of a sequence can be not did", "did(\"Product Viewed\") then not did(\"Order Completed\") within 3d")]
    [InlineData("did(\"A\", within 3d, where x = 1)", 1, 21, "where comes right after the event name", "did(\"Product Viewed\" where category = \"snacks\", within 3d)")]
    [InlineData("did(\"A\" where x contains \"y\")", 1, 17, "an event property is compared with", "did(\"Product Viewed\" where category = \"snacks\", within 3d)")]
    [InlineData("trait(\"age\") between 30 and 18", 1, 22, "low ≤ high", "trait(\"age\") between 18 and 30")]
    [InlineData("trait(\"zip\") = 02134", 1, 16, "a number does not start with 0", "trait(\"zip\") = \"02134\"")]
    [InlineData("trait(\"x\") = \"a\\qb\"", 1, 16, "unknown escape", "\"say \\\"hi\\\"\\n\" (escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")]
    [InlineData("trait(\"x\") = \"\\uD800\"", 1, 15, "half of a surrogate pair", "\"say \\\"hi\\\"\\n\" (escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")]
    [InlineData("trait(\"x\") in []", 1, 16, "a list holds at least one value", "trait(\"tier\") in [\"金卡\", \"黑金\"]")]
    [InlineData("", 1, 1, "the condition is empty", Condition)]
    [InlineData("trait(\"city\")", 1, 14, "expected a comparison", City)]
    [InlineData("not", 1, 4, "expected a condition, but the text ends here", Condition)]
    [InlineData("in segment(\"High Value\")", 1, 12, "a segment name is lower-case snake case", "in segment(\"high_value\")")]
    [InlineData("did(\"A\", sum >= 3)", 1, 14, "expected ( after sum", "did(\"Order Completed\", sum(total) >= 500, within 90d)")]
    [InlineData("trait(\"a\") = 1 and\n  did(\"Order Completed\",\n      within 30)", 3, 14, "a window needs a unit", Window)]
    [InlineData("trait(\"a\") = 1 or\r\n\r\n  tag(\"b\") = ", 3, 14, "expected a value", "tag(\"rfm\") = \"important_value\"")]
    [InlineData("trait(\"城市\") = \"上海\" and 😀", 1, 24, "unexpected character '😀'", Condition)]
    [InlineData("trait(\"城市\") = \"上海\" orr tag(\"x\")", 1, 20, "expected and, or, or the end of the condition, found 'orr'", Condition)]
    public void Error_PointsAtTheProblem_WithAHint(string text, int line, int column, string message, string hint)
    {
        var result = AudienceText.Parse(text);

        Assert.Null(result.Condition);
        var error = Assert.IsType<AudienceSyntaxError>(result.Error);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(hint, error.Hint);
    }

    [Fact]
    public void Error_ReadsAsLineColumnMessageAndHint()
    {
        var error = AudienceText.Parse("did(\"Order Completed\", within)").Error!;

        Assert.Equal("1:30 expected a window such as 30d after 'within', found ')' — hint: did(\"Order Completed\", within 30d)", error.ToString());
        Assert.Equal(29, error.Offset);
    }

    [Fact]
    public void Offset_CountsUtf16_WhileColumnCountsCharacters()
    {
        var error = AudienceText.Parse("trait(\"😀😀\") = ").Error!;

        Assert.Equal(15, error.Column);
        Assert.Equal(16, error.Offset);
    }

    [Theory]
    [InlineData(17, true)]
    [InlineData(16, false)]
    public void Parentheses_NestAtMost16Levels(int levels, bool fails)
    {
        var text = new string('(', levels) + "has tag(\"a\")" + new string(')', levels);

        var result = AudienceText.Parse(text);

        Assert.Equal(fails, result.Error is not null);
        if (fails)
        {
            Assert.Equal((1, 17), (result.Error!.Line, result.Error.Column));
            Assert.Contains("nests deeper than 16 levels", result.Error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MoreThan500Conditions_IsAnError()
    {
        var text = string.Join(" or ", Enumerable.Range(0, 501).Select(i => $"has tag(\"t{i}\")"));

        var error = AudienceText.Parse(text).Error;

        Assert.NotNull(error);
        Assert.Contains("more than 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextOverTheLimit_IsAnError()
    {
        var error = AudienceText.Parse(new string(' ', AudienceLimits.MaxTextLength + 1)).Error;

        Assert.NotNull(error);
        Assert.Contains("longer than 100000", error.Message, StringComparison.Ordinal);
    }
}

using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

public sealed class CodeComparatorTests
{
    [Theory]
    [InlineData("19990219", "19990219", ComparisonLevel.Exact)]
    [InlineData("1999-02-19", "19990219", ComparisonLevel.Exact)]
    [InlineData("19990219", "19991902", ComparisonLevel.Close)]
    [InlineData("19990203", "19990302", ComparisonLevel.Close)]
    [InlineData("19990219", "19990218", ComparisonLevel.Close)]
    [InlineData("19990219", "19890219", ComparisonLevel.Close)]
    [InlineData("19990219", "19990229", ComparisonLevel.Close)]
    [InlineData("19990219", "19990201", ComparisonLevel.Partial)]
    [InlineData("19990219", "19850704", ComparisonLevel.Disagree)]
    [InlineData("19990231", "19990231", ComparisonLevel.Exact)]
    [InlineData("19991331", "19991330", ComparisonLevel.Close)]
    [InlineData("1999021", "1999021", ComparisonLevel.Exact)]
    [InlineData("1999021", "19990219", ComparisonLevel.Disagree)]
    [InlineData("19990219x", "19990219", ComparisonLevel.Disagree)]
    [InlineData("", "19990219", ComparisonLevel.Missing)]
    public void Date_LevelsFollowTypingMistakes(string? left, string? right, ComparisonLevel expected)
    {
        Assert.Equal(expected, DateComparator.Compare(left, right));
    }

    [Theory]
    [InlineData("4011", "4011", ComparisonLevel.Exact)]
    [InlineData("4011", "4012", ComparisonLevel.Close)]
    [InlineData("4011", "4101", ComparisonLevel.Close)]
    [InlineData("4011", "40111", ComparisonLevel.Partial)]
    [InlineData("4011", "411", ComparisonLevel.Partial)]
    [InlineData("4011", "4022", ComparisonLevel.Disagree)]
    [InlineData("4011", "1104", ComparisonLevel.Disagree)]
    [InlineData("4011", null, ComparisonLevel.Missing)]
    public void Numeric_OneKeyingMistakeIsClose(string? left, string? right, ComparisonLevel expected)
    {
        Assert.Equal(expected, NumericComparator.Compare(left, right));
    }

    [Theory]
    [InlineData("138 1234 5678", "13812345678", ComparisonLevel.Exact)]
    [InlineData("+86 138-1234-5678", "13812345678", ComparisonLevel.Exact)]
    [InlineData("008613812345678", "13812345678", ComparisonLevel.Exact)]
    [InlineData("13912345678", "13812345678", ComparisonLevel.Close)]
    [InlineData("5678", "13812345678", ComparisonLevel.Partial)]
    [InlineData("13800005678", "13812345678", ComparisonLevel.Partial)]
    [InlineData("13812345679", "13812345678", ComparisonLevel.Disagree)]
    [InlineData("n/a", "13812345678", ComparisonLevel.Missing)]
    public void Phone_ComparesDigitsAndTheirEndings(string? left, string? right, ComparisonLevel expected)
    {
        Assert.Equal(expected, PhoneComparator.Compare(left, right));
    }

    [Theory]
    [InlineData("nsw", "nsw", ComparisonLevel.Exact)]
    [InlineData(" nsw ", "nsw", ComparisonLevel.Exact)]
    [InlineData("nsw", "vic", ComparisonLevel.Disagree)]
    [InlineData("nsw", "", ComparisonLevel.Missing)]
    public void Exact_IsEqualOrNot(string? left, string? right, ComparisonLevel expected)
    {
        Assert.Equal(expected, ExactComparator.Compare(left, right));
    }

    [Theory]
    [InlineData(ComparatorKind.Exact, "a", "b", ComparisonLevel.Disagree)]
    [InlineData(ComparatorKind.JaroWinkler, "martha", "marhta", ComparisonLevel.Close)]
    [InlineData(ComparatorKind.ChineseName, "张伟", "張偉", ComparisonLevel.Exact)]
    [InlineData(ComparatorKind.Date, "19990203", "19990302", ComparisonLevel.Close)]
    [InlineData(ComparatorKind.Numeric, "4011", "40111", ComparisonLevel.Partial)]
    [InlineData(ComparatorKind.Phone, "5678", "13812345678", ComparisonLevel.Partial)]
    public void MatchField_UsesItsComparator(ComparatorKind kind, string left, string right, ComparisonLevel expected)
    {
        Assert.Equal(expected, new MatchField("f", kind).Compare(left, right));
    }
}

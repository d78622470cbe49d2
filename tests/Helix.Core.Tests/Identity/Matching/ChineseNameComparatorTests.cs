using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

public sealed class ChineseNameComparatorTests
{
    [Theory]
    [InlineData("张伟", "张伟")]
    [InlineData("张伟", "張偉")]
    [InlineData("陈国华", "陳國華")]
    [InlineData("刘丽", "劉麗")]
    [InlineData("周伟", "周偉")]
    [InlineData("欧阳娜娜", "歐陽娜娜")]
    [InlineData("张 伟", "张伟")]
    public void SameNameInEitherScript_IsExact(string left, string right)
    {
        Assert.Equal(ComparisonLevel.Exact, ChineseNameComparator.Compare(left, right));
    }

    [Theory]
    [InlineData("张晓明", "张小明", ComparisonLevel.Close)]
    [InlineData("黄建军", "黃建軍", ComparisonLevel.Exact)]
    [InlineData("张伟", "张伟明", ComparisonLevel.Partial)]
    [InlineData("王建国", "李建国", ComparisonLevel.Partial)]
    [InlineData("张伟", "李伟", ComparisonLevel.Disagree)]
    [InlineData("张伟", "张敏", ComparisonLevel.Disagree)]
    [InlineData("张伟", "杨洋", ComparisonLevel.Disagree)]
    [InlineData("张伟", "", ComparisonLevel.Missing)]
    [InlineData(null, "张伟", ComparisonLevel.Missing)]
    public void Differences_MapToLevels(string? left, string? right, ComparisonLevel expected)
    {
        Assert.Equal(expected, ChineseNameComparator.Compare(left, right));
    }

    [Theory]
    [InlineData("欧阳娜娜", "欧阳", "娜娜")]
    [InlineData("司马光", "司马", "光")]
    [InlineData("諸葛亮", "诸葛", "亮")]
    [InlineData("张伟", "张", "伟")]
    [InlineData("欧阳", "欧", "阳")]
    [InlineData("王", "王", "")]
    public void Split_KnowsCompoundSurnames(string name, string surname, string givenName)
    {
        Assert.Equal((surname, givenName), ChineseNameComparator.Split(name));
    }

    [Fact]
    public void CompoundSurname_IsComparedAsOneSurname()
    {
        Assert.Equal(ComparisonLevel.Close, ChineseNameComparator.Compare("司马晓光", "司马小光"));
        Assert.Equal(ComparisonLevel.Disagree, ChineseNameComparator.Compare("欧阳娜娜", "欧明"));
    }
}

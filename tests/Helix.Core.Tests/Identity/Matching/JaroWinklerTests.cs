using FsCheck.Xunit;
using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

public sealed class JaroWinklerTests
{
    [Theory]
    [InlineData("MARTHA", "MARHTA", 0.944, 0.961)]
    [InlineData("DWAYNE", "DUANE", 0.822, 0.840)]
    [InlineData("DIXON", "DICKSONX", 0.767, 0.813)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.896, 0.896)]
    [InlineData("CRATE", "TRACE", 0.733, 0.733)]
    public void KnownPairs_GiveThePublishedValues(string left, string right, double jaro, double jaroWinkler)
    {
        Assert.Equal(jaro, JaroWinkler.Jaro(left, right), 3);
        Assert.Equal(jaroWinkler, JaroWinkler.Similarity(left, right), 3);
    }

    [Theory]
    [InlineData("", "", 1.0)]
    [InlineData("abc", "", 0.0)]
    [InlineData("abc", "xyz", 0.0)]
    [InlineData("a", "a", 1.0)]
    public void EdgeCases_AreDefined(string left, string right, double expected)
    {
        Assert.Equal(expected, JaroWinkler.Similarity(left, right));
    }

    [Fact]
    public void LongStrings_BeyondTheStackBuffer_StillCompare()
    {
        var left = new string('a', 300) + "b";
        var right = new string('a', 300) + "c";

        Assert.InRange(JaroWinkler.Similarity(left, right), 0.99, 1.0);
    }

    [Theory]
    [InlineData("martha", "martha", ComparisonLevel.Exact)]
    [InlineData("martha", "marhta", ComparisonLevel.Close)]
    [InlineData("dwayne", "duane", ComparisonLevel.Disagree)]
    [InlineData("jellyfish", "smellyfish", ComparisonLevel.Partial)]
    [InlineData("martha", " ", ComparisonLevel.Missing)]
    [InlineData(null, "martha", ComparisonLevel.Missing)]
    public void Compare_MapsSimilarityToLevels(string? left, string? right, ComparisonLevel expected)
    {
        Assert.Equal(expected, JaroWinkler.Compare(left, right, closeThreshold: 0.94, partialThreshold: 0.88));
    }

    [Property]
    public bool Similarity_IsBetweenZeroAndOne_AndOneForEqualStrings(string? left, string? right)
    {
        var similarity = JaroWinkler.Similarity(left ?? "", right ?? "");
        return similarity is >= 0.0 and <= 1.0 + 1e-12 && JaroWinkler.Similarity(left ?? "", left ?? "") == 1.0;
    }
}

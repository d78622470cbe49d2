using Helix.Core.Identity;

namespace Helix.Core.Tests.Identity;

public sealed class IdentifierNormalizerTests
{
    [Theory]
    [InlineData("13812345678", "+8613812345678")]
    [InlineData("138 1234 5678", "+8613812345678")]
    [InlineData("138-1234-5678", "+8613812345678")]
    [InlineData("+86 138 1234 5678", "+8613812345678")]
    [InlineData("008613812345678", "+8613812345678")]
    [InlineData("8613812345678", "+8613812345678")]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    [InlineData("+852 9123 4567", "+85291234567")]
    [InlineData("12345", null)]
    [InlineData("021-12345678", null)]
    [InlineData("138abc45678", null)]
    [InlineData("   ", null)]
    public void Phone_BecomesE164WithChinaAsDefault(string input, string? expected)
    {
        Assert.Equal(expected, IdentifierNormalizer.Normalize(input, IdentifierNormalization.Phone));
    }

    [Theory]
    [InlineData(" Li.Lei@Example.COM ", "li.lei@example.com")]
    [InlineData("no-at-sign", null)]
    [InlineData("two@@at.com", null)]
    [InlineData("@example.com", null)]
    [InlineData("a b@example.com", null)]
    public void Email_IsTrimmedAndLowerCased(string input, string? expected)
    {
        Assert.Equal(expected, IdentifierNormalizer.Normalize(input, IdentifierNormalization.Email));
    }

    [Fact]
    public void UpperCase_AndTrim_DoWhatTheySay()
    {
        Assert.Equal("6D92078A-8246-4BA4-AE5B-76104861E7DC", IdentifierNormalizer.Normalize(" 6d92078a-8246-4ba4-ae5b-76104861e7dc ", IdentifierNormalization.UpperCase));
        Assert.Equal("Cookie-X", IdentifierNormalizer.Normalize("  Cookie-X\t", IdentifierNormalization.Trim));
        Assert.Null(IdentifierNormalizer.Normalize(null, IdentifierNormalization.Trim));
    }
}

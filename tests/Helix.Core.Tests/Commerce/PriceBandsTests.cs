using Helix.Core.Commerce;

namespace Helix.Core.Tests.Commerce;

public sealed class PriceBandsTests
{
    [Theory]
    [InlineData("0", "budget")]
    [InlineData("4.99", "budget")]
    [InlineData("5", "standard")]
    [InlineData("19.99", "standard")]
    [InlineData("20", "premium")]
    [InlineData("100", "luxury")]
    [InlineData("2500", "luxury")]
    public void ThreeThresholds_CutFourDefaultBands(string price, string band)
    {
        var bands = PriceBands.Parse("5,20,100", null, out var error);

        Assert.Null(error);
        Assert.Equal(band, bands!.Of(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Names_CanBeGiven()
    {
        var bands = PriceBands.Parse("50", "low,high", out _);

        Assert.Equal(["low", "high"], bands!.Names);
        Assert.Equal("high", bands.Of(50));
    }

    [Theory]
    [InlineData("5,abc", null)]
    [InlineData("20,5", null)]
    [InlineData("0,5", null)]
    [InlineData("1,2,3,4", null)]
    [InlineData("5,20", "a,b")]
    [InlineData("5", "a,a")]
    public void BadBands_AreRefusedWithAReason(string thresholds, string? names)
    {
        Assert.Null(PriceBands.Parse(thresholds, names, out var error));
        Assert.NotNull(error);
    }
}

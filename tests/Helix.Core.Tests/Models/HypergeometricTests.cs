using Helix.Core.Models;

namespace Helix.Core.Tests.Models;

public class HypergeometricTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    [InlineData(0.9999)]
    public void OneOneTwo_IsMinusLogOneMinusZOverZ(double z)
    {
        var expected = z == 0 ? 1 : -Math.Log(1 - z) / z;

        var actual = Math.Exp(Hypergeometric.Log2F1(1, 1, 2, z));

        Assert.Equal(expected, actual, expected * 1e-12);
    }

    [Theory]
    [InlineData(0.243, 2.426, 0.5)]
    [InlineData(500.0, 3.0, 0.7)]
    [InlineData(1000.5, 1002.7, 0.5)]
    public void EqualBAndC_IsPowerOfOneMinusZ(double a, double b, double z)
    {
        // 2F1(a, b; b; z) = (1 − z)^−a; the last case overflows a double unless the sum is rescaled.
        var expected = -a * Math.Log(1 - z);

        var actual = Hypergeometric.Log2F1(a, b, b, z);

        Assert.Equal(expected, actual, Math.Abs(expected) * 1e-12);
    }

    [Fact]
    public void ZOfOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.Log2F1(1, 1, 2, 1));
}

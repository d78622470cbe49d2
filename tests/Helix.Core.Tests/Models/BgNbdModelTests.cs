using Helix.Core.Models;
using Xunit.Abstractions;

namespace Helix.Core.Tests.Models;

public class BgNbdModelTests(ITestOutputHelper output)
{
    [Fact]
    public void CdnowSummary_MatchesPublishedSummary()
    {
        var published = CdnowSample.Published();

        var computed = CdnowSample.Computed;

        Assert.Equal(2357, computed.Count);
        Assert.Equal(946, computed.Count(c => c.History.Frequency > 0));
        for (var i = 0; i < computed.Count; i++)
        {
            var (x, tx, t, zbar) = published[i + 1];
            var c = computed[i];
            Assert.Equal(x, c.History.Frequency);
            // The published file rounds to 2 decimals (half away from zero or half-even, it does not say).
            Assert.Equal(tx, c.History.Recency, 0.005 + 1e-9);
            Assert.Equal(t, c.History.Age, 0.005 + 1e-9);
            Assert.Equal(zbar, c.AverageRepeatValue, 0.005 + 1e-9);
        }
    }

    [Fact]
    public void CdnowFit_MatchesPublishedEstimates()
    {
        var histories = CdnowSample.Computed.Select(c => c.History).ToList();

        var fit = BgNbdModel.Fit(histories);
        output.WriteLine($"r={fit.Model.R:F4} alpha={fit.Model.Alpha:F4} a={fit.Model.A:F4} b={fit.Model.B:F4} LL={fit.LogLikelihood:F2} iterations={fit.Iterations}");

        // Fader, Hardie & Lee (2005), table 1: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        AssertWithin(0.243, fit.Model.R, 0.01);
        AssertWithin(4.414, fit.Model.Alpha, 0.01);
        AssertWithin(0.793, fit.Model.A, 0.01);
        AssertWithin(2.426, fit.Model.B, 0.01);
        Assert.Equal(-9582.4, fit.LogLikelihood, 0.1);
    }

    private static void AssertWithin(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected} ± {relative:P0}, got {actual}");
}

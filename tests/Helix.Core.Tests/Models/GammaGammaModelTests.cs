using Helix.Core.Models;
using Xunit.Abstractions;

namespace Helix.Core.Tests.Models;

public class GammaGammaModelTests(ITestOutputHelper output)
{
    [Fact]
    public void CdnowFit_MatchesPublishedEstimates()
    {
        var spends = CdnowSample.Computed
            .Where(c => c.History.Frequency > 0)
            .Select(c => new RepeatSpend(c.History.Frequency, c.AverageRepeatValue))
            .ToList();

        var fit = GammaGammaModel.Fit(spends);
        output.WriteLine($"p={fit.Model.P:F4} q={fit.Model.Q:F4} gamma={fit.Model.Gamma:F4} LL={fit.LogLikelihood:F2} iterations={fit.Iterations}");

        // Fader, Hardie & Lee (2005), "RFM and CLV", on the 946 repeat customers: p = 6.25, q = 3.74, γ = 15.44.
        Assert.Equal(946, fit.Customers);
        ModelAssert.Within(6.25, fit.Model.P, 0.01);
        ModelAssert.Within(3.74, fit.Model.Q, 0.01);
        ModelAssert.Within(15.44, fit.Model.Gamma, 0.01);
    }

    [Fact]
    public void ExpectedAverageValue_ShrinksTowardsPopulationMean()
    {
        var model = new GammaGammaModel(6.25, 3.74, 15.44);

        var once = model.ExpectedAverageValue(1, 100);
        var often = model.ExpectedAverageValue(20, 100);

        // One purchase of 100 says less about a customer than twenty: the estimate stays nearer the mean.
        Assert.Equal(6.25 * 15.44 / 2.74, model.PopulationMeanValue, 1e-12);
        Assert.Equal(model.PopulationMeanValue, model.ExpectedAverageValue(0, 999), 1e-12);
        Assert.InRange(once, model.PopulationMeanValue, often);
        Assert.InRange(often, once, 100);
        Assert.Equal(6.25 * (15.44 + 100) / (6.25 + 2.74), once, 1e-12);
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferences()
    {
        var spend = new RepeatSpend(3, 27.5);
        var theta = new[] { 6.25, 3.74, 15.44 };
        var gradient = new double[3];

        GammaGammaModel.Evaluate(new GammaGammaModel(theta[0], theta[1], theta[2]), spend, gradient);

        ModelAssert.GradientMatches(t => GammaGammaModel.Evaluate(new GammaGammaModel(t[0], t[1], t[2]), spend, null), theta, gradient);
    }
}

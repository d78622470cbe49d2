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
        ModelAssert.Within(0.243, fit.Model.R, 0.01);
        ModelAssert.Within(4.414, fit.Model.Alpha, 0.01);
        ModelAssert.Within(0.793, fit.Model.A, 0.01);
        ModelAssert.Within(2.426, fit.Model.B, 0.01);
        Assert.Equal(-9582.4, fit.LogLikelihood, 0.1);
    }

    [Theory]
    [InlineData(0, 0.0, 38.86)]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(14, 35.0, 36.0)]
    public void Gradient_MatchesFiniteDifferences(int x, double tx, double t)
    {
        var history = new PurchaseHistory(x, tx, t);
        var theta = new[] { 0.243, 4.414, 0.793, 2.426 };
        var gradient = new double[4];

        BgNbdLikelihood.Evaluate(Model(theta), history, gradient);

        ModelAssert.GradientMatches(p => BgNbdLikelihood.Evaluate(Model(p), history, null), theta, gradient);
    }

    [Fact]
    public void NewCustomer_ExpectsThePopulationPurchases()
    {
        var model = Model([0.243, 4.414, 0.793, 2.426]);

        var conditional = model.ExpectedPurchases(new PurchaseHistory(0, 0, 0), 39);

        Assert.Equal(model.PopulationExpectedPurchases(39), conditional, 1e-12);
    }

    [Fact]
    public void PopulationExpectedPurchases_MatchesSimulation()
    {
        // Simulate the model's own story: λ ~ Gamma(r, α), p ~ Beta(a, b), Poisson purchases, a coin
        // of weight p after each purchase. The mean count in 39 weeks must match the closed form.
        var model = Model([0.243, 4.414, 0.793, 2.426]);
        var random = new Random(20050101);
        const int Customers = 400_000;
        const double Horizon = 39;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < Customers; i++)
        {
            var rate = MathNet.Numerics.Distributions.Gamma.Sample(random, model.R, model.Alpha);
            var dropout = MathNet.Numerics.Distributions.Beta.Sample(random, model.A, model.B);
            double count = Simulate(random, rate, dropout, Horizon);
            sum += count;
            sumSquares += count * count;
        }

        var mean = sum / Customers;
        var standardError = Math.Sqrt(((sumSquares / Customers) - (mean * mean)) / Customers);

        Assert.InRange(model.PopulationExpectedPurchases(Horizon), mean - (4 * standardError), mean + (4 * standardError));
    }

    [Fact]
    public void ProbabilityAlive_FallsWithSilenceAndIsOneWithoutRepeats()
    {
        var model = Model([0.243, 4.414, 0.793, 2.426]);

        var recent = model.ProbabilityAlive(new PurchaseHistory(5, 38, 38.86));
        var silent = model.ProbabilityAlive(new PurchaseHistory(5, 10, 38.86));

        Assert.Equal(1, model.ProbabilityAlive(new PurchaseHistory(0, 0, 38.86)));
        Assert.InRange(recent, 0.8, 1);
        Assert.InRange(silent, 0, recent);
        // The paper's closed form, evaluated by hand for x = 5, t_x = 10, T = 38.86.
        Assert.Equal(1 / (1 + (0.793 / (2.426 + 4) * Math.Pow((4.414 + 38.86) / (4.414 + 10), 0.243 + 5))), silent, 1e-12);
    }

    [Theory]
    [InlineData(2, 30.43, 38.86)]
    [InlineData(7, 20.0, 38.0)]
    public void ExpectedPurchases_MatchesSimulationFromThePosterior(int x, double tx, double t)
    {
        // Independent of eq. (10): a customer still alive at T has λ ~ Gamma(r+x, α+T) and
        // p ~ Beta(a, b+x); simulate their next 39 weeks and weight by P(alive).
        var model = Model([0.243, 4.414, 0.793, 2.426]);
        var history = new PurchaseHistory(x, tx, t);
        var random = new Random(2005);
        const int Customers = 400_000;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < Customers; i++)
        {
            var rate = MathNet.Numerics.Distributions.Gamma.Sample(random, model.R + x, model.Alpha + t);
            var dropout = MathNet.Numerics.Distributions.Beta.Sample(random, model.A, model.B + x);
            double count = Simulate(random, rate, dropout, 39);
            sum += count;
            sumSquares += count * count;
        }

        var alive = model.ProbabilityAlive(history);
        var mean = sum / Customers;
        var standardError = Math.Sqrt(((sumSquares / Customers) - (mean * mean)) / Customers);

        Assert.InRange(model.ExpectedPurchases(history, 39), alive * (mean - (4 * standardError)), alive * (mean + (4 * standardError)));
    }

    [Fact]
    public void CdnowHoldout_PredictionStaysWhereMeasured()
    {
        var fit = BgNbdModel.Fit([.. CdnowSample.Computed.Select(c => c.History)]);
        var actual = CdnowSample.Transactions().Values
            .Sum(p => p.Where(x => x.Date > CdnowSample.CalibrationEnd).Select(x => x.Date).Distinct().Count());

        // The holdout is the 39 weeks after calibration (1997-10-01 .. 1998-06-30).
        var predicted = CdnowSample.Computed.Sum(c => fit.Model.ExpectedPurchases(c.History, 39));
        output.WriteLine($"holdout repeat purchases: predicted {predicted:F1}, actual {actual}");

        // Measured here, not published: 1,653.4 predicted against 1,882 purchase days (the model
        // under-predicts this holdout by 12 %). A regression guard for the conditional expectation.
        Assert.Equal(1882, actual);
        Assert.Equal(1653.4, predicted, 0.5);
    }

    // Purchases of one alive customer in (0, horizon]: Poisson with the given rate, and a coin of weight
    // `dropout` after each purchase deciding whether that was the last.
    private static int Simulate(Random random, double rate, double dropout, double horizon)
    {
        var count = 0;
        var time = MathNet.Numerics.Distributions.Exponential.Sample(random, rate);
        while (time <= horizon)
        {
            count++;
            if (random.NextDouble() < dropout)
            {
                break;
            }

            time += MathNet.Numerics.Distributions.Exponential.Sample(random, rate);
        }

        return count;
    }

    private static BgNbdModel Model(double[] theta) => new(theta[0], theta[1], theta[2], theta[3]);
}

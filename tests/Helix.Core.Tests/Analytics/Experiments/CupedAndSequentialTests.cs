using Helix.Core.Analytics.Experiments;
using MathNet.Numerics.Distributions;
using Xunit.Abstractions;

namespace Helix.Core.Tests.Analytics.Experiments;

/// <summary>CUPED's properties and the mSPRT's always-valid guarantees, on seeded synthetic data.</summary>
public sealed class CupedAndSequentialTests(ITestOutputHelper output)
{
    [Fact]
    public void Cuped_VarianceReduction_IsTheSquaredCorrelation()
    {
        var random = new Random(7);
        var pairs = Enumerable.Range(0, 5000).Select(_ =>
        {
            var x = Normal.Sample(random, 10, 3);
            return (Y: 2 * x + Normal.Sample(random, 0, 4), X: x);
        }).ToList();
        var moments = Moments.Of(pairs);

        var cuped = Cuped.Of(moments);

        var rho = MathNet.Numerics.Statistics.Correlation.Pearson(pairs.Select(p => p.Y), pairs.Select(p => p.X));
        Assert.Equal(rho * rho, cuped.VarianceReduction, 9);
        // Population: var Y = 4·9 + 16 = 52, cov = 18, ρ² = 324 / (52·9) ≈ 0.692; θ = 2.
        Assert.Equal(0.692, cuped.VarianceReduction, 1);
        Assert.Equal(2, cuped.Theta, 1);
    }

    [Fact]
    public void Cuped_KeepsTheDifference_WhenArmsHaveTheSameCovariateMean()
    {
        // Two arms with identical covariates: the adjustment moves both means by the same amount (zero here), so the
        // difference is unchanged while its variance shrinks.
        var random = new Random(11);
        var xs = Enumerable.Range(0, 2000).Select(_ => Normal.Sample(random, 5, 2)).ToList();
        var treatment = Moments.Of(xs.Select(x => (x + 1 + Normal.Sample(random, 0, 1), x)));
        var control = Moments.Of(xs.Select(x => (x + Normal.Sample(random, 0, 1), x)));
        var cuped = Cuped.Of(treatment + control);

        var plain = WelchTest.Compare(treatment, control, 0.05)!;
        var adjusted = cuped.Compare(treatment, control, 0.05)!;

        Assert.Equal(plain.Difference, adjusted.Difference, 9);
        Assert.True(adjusted.High - adjusted.Low < (plain.High - plain.Low) / 2);
    }

    [Fact]
    public void AlwaysValidPValue_NeverRises()
    {
        var random = new Random(3);
        var looks = Enumerable.Range(1, 200).Select(n => (Normal.Sample(random, 0.01, 0.05), 0.0025 / n));

        var values = MixtureSprt.PValues(looks, 0.0004);

        Assert.All(values.Zip(values.Skip(1)), pair => Assert.True(pair.Second <= pair.First));
        Assert.All(values, p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public void AlwaysValidPValue_UnderTheNull_RejectsAtMostAlpha_WhileNaivePeekingDoesNot()
    {
        // A/A tests: both arms convert at 10%; 50 looks of 100 persons per arm each. The mSPRT may be read at every look;
        // a fixed-horizon z-test read at every look rejects far more often than α.
        var random = new Random(2024);
        const int Runs = 400;
        int sequential = 0, naive = 0;
        for (var run = 0; run < Runs; run++)
        {
            var (s, n) = SimulateAa(random);
            sequential += s ? 1 : 0;
            naive += n ? 1 : 0;
        }

        output.WriteLine($"A/A runs rejected: mSPRT {sequential} of {Runs}, z-test peeked at each look {naive} of {Runs}");
        Assert.True(sequential <= Runs * 0.05, $"mSPRT rejected {sequential} of {Runs}");
        Assert.True(naive > Runs * 0.12, $"peeking z-test rejected only {naive} of {Runs}");
    }

    [Fact]
    public void AlwaysValidPValue_DetectsARealEffect()
    {
        var (looks, _) = Simulate(new Random(5), 0.13, 0.10, 200);

        Assert.True(MixtureSprt.PValues(looks, 0.0001)[^1] < 0.01);
    }

    private static (bool Sequential, bool Naive) SimulateAa(Random random)
    {
        var (looks, naive) = Simulate(random, 0.1, 0.1, 100);
        return (MixtureSprt.PValues(looks, 0.0001)[^1] < 0.05, naive);
    }

    /// <summary>50 looks of <paramref name="perLook"/> more persons per arm; whether a z-test read at any look rejected.</summary>
    private static (List<(double, double)> Looks, bool Naive) Simulate(Random random, double rateT, double rateC, int perLook)
    {
        long ct = 0, cc = 0, n = 0;
        var looks = new List<(double, double)>();
        var naive = false;
        for (var look = 0; look < 50; look++)
        {
            for (var i = 0; i < perLook; i++, n++)
            {
                ct += random.NextDouble() < rateT ? 1 : 0;
                cc += random.NextDouble() < rateC ? 1 : 0;
            }

            double pt = (double)ct / n, pc = (double)cc / n;
            looks.Add((pt - pc, (pt * (1 - pt) + pc * (1 - pc)) / n));
            naive |= ProportionComparison.Compare(ct, n, cc, n, 0.05) is { PValue: < 0.05 };
        }

        return (looks, naive);
    }
}

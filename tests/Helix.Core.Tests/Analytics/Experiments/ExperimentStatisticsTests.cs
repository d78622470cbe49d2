using Helix.Core.Analytics.Experiments;

namespace Helix.Core.Tests.Analytics.Experiments;

/// <summary>Each statistic against a published worked example.</summary>
public sealed class ExperimentStatisticsTests
{
    [Fact]
    public void TwoProportions_AspirinStudy_MatchesAgresti()
    {
        // Agresti, An Introduction to Categorical Data Analysis (2nd ed., §2.2 and §2.4): Physicians' Health Study, myocardial
        // infarction in 104 of 11,037 on aspirin and 189 of 11,034 on placebo. Difference −0.0077 with 95% Wald interval
        // (−0.011, −0.005); Pearson X² = 25.01, which is z² for a 2 × 2 table.
        var result = ProportionComparison.Compare(104, 11_037, 189, 11_034, 0.05)!;

        Assert.Equal(-0.0077, result.Difference, 4);
        Assert.Equal(-0.011, result.DifferenceLow, 3);
        Assert.Equal(-0.005, result.DifferenceHigh, 3);
        Assert.Equal(25.01, result.Z * result.Z, 1);
        Assert.True(result.PValue < 1e-6);
    }

    [Fact]
    public void TwoProportions_SmallDifference_MatchesPublishedZAndP()
    {
        // A common exercise (x₁ = 28 of 254, x₂ = 36 of 301, α = 0.05), worked by hand: pooled p = 64/555 = 0.1153,
        // SE = √(0.1153 · 0.8847 · (1/254 + 1/301)) = 0.02721, z = (0.11024 − 0.11960) / 0.02721 = −0.344, p = 0.731.
        var result = ProportionComparison.Compare(28, 254, 36, 301, 0.05)!;

        Assert.Equal(-0.344, result.Z, 3);
        Assert.Equal(0.7307, result.PValue, 3);
    }

    [Fact]
    public void RelativeUplift_IsTheRatioMinusOne_WithTheDeltaMethodInterval()
    {
        var result = ProportionComparison.Compare(120, 1000, 100, 1000, 0.05)!;

        // Var(r) ≈ r² (pt(1−pt)/(n pt²) + pc(1−pc)/(n pc²)) = 1.44 (0.88/120 + 0.9/100) = 0.023520.
        var halfWidth = 1.959964 * Math.Sqrt(1.44 * (0.88 / 120 + 0.9 / 100));
        Assert.Equal(0.2, result.Relative!.Value, 10);
        Assert.Equal(0.2 - halfWidth, result.RelativeLow!.Value, 5);
        Assert.Equal(0.2 + halfWidth, result.RelativeHigh!.Value, 5);
    }

    [Fact]
    public void Independence_NeighbourhoodsAndOccupations_MatchesTheWikipediaExample()
    {
        // Wikipedia, "Chi-squared test", example: 650 residents of neighbourhoods A–D by occupation; X² ≈ 24.6 with 6 df.
        long[,] table = { { 90, 60, 104, 95 }, { 30, 50, 51, 20 }, { 30, 40, 45, 35 } };

        var result = ChiSquareTest.Independence(table)!;

        Assert.Equal(24.6, result.Statistic, 1);
        Assert.Equal(6, result.DegreesOfFreedom);
        Assert.Equal(0.0004, result.PValue, 4);
    }

    [Fact]
    public void GoodnessOfFit_LoadedDie_MatchesTheWikipediaExample()
    {
        // Wikipedia, "Pearson's chi-squared test", fairness of dice: 60 throws giving 5, 8, 9, 8, 10, 20; X² = 13.4 with 5 df, p ≈ 0.02.
        var result = ChiSquareTest.GoodnessOfFit([5, 8, 9, 8, 10, 20], [1, 1, 1, 1, 1, 1])!;

        Assert.Equal(13.4, result.Statistic, 10);
        Assert.Equal(5, result.DegreesOfFreedom);
        Assert.Equal(0.0199, result.PValue, 4);
    }

    [Fact]
    public void GoodnessOfFit_UsesTheWeights()
    {
        // 300 and 100 against a planned 3:1 split fit exactly; against 1:1 they do not.
        Assert.Equal(0, ChiSquareTest.GoodnessOfFit([300, 100], [3, 1])!.Statistic, 10);
        Assert.Equal(100, ChiSquareTest.GoodnessOfFit([300, 100], [1, 1])!.Statistic, 10);
    }

    [Fact]
    public void Welch_WikipediaExample1_MatchesTAndP()
    {
        // Wikipedia, "Welch's t-test", example 1 (two samples of 15): Welch t = −2.46 with ν ≈ 24.99 (Student: 28 df), p = 0.021.
        double[] a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
        double[] a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];

        var result = WelchTest.Compare(Moments.Of(a1.Select(y => (y, 0.0))), Moments.Of(a2.Select(y => (y, 0.0))), 0.05)!;

        Assert.Equal(-2.46, result.T, 2);
        Assert.Equal(24.99, result.DegreesOfFreedom, 2);
        Assert.Equal(0.021, result.PValue, 3);
    }

    [Fact]
    public void SampleSize_MatchesEvanMillersCalculator()
    {
        // evanmiller.org/ab-testing/sample-size.html: baseline 20%, minimum detectable effect 5 points absolute,
        // α = 0.05 two-sided, power 80% → 1,030 per variation.
        var n = SampleSize.Proportions(0.2, 0.05, 0.05, 0.8)!.Value;

        Assert.Equal(1030, Math.Round(n));
    }

    [Fact]
    public void SampleSize_Means_IsTheTextbookFormula()
    {
        // n = 2 (1.959964 + 0.841621)² σ² / δ²: with σ = δ that is 15.7, the familiar "16 per group" rule (Lehr).
        Assert.Equal(15.70, SampleSize.Means(10, 10, 0.05, 0.8)!.Value, 2);
    }
}

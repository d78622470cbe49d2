using MathNet.Numerics.Distributions;

namespace Helix.Core.Analytics.Experiments;

/// <summary>Pearson's chi-square statistic, its degrees of freedom and the upper-tail p-value.</summary>
public sealed record ChiSquareTest(double Statistic, int DegreesOfFreedom, double PValue)
{
    /// <summary>
    /// The test of independence of an r × c table of counts (rows: arms; columns: outcomes). Null when a row or column
    /// total is zero, where the expected counts are undefined.
    /// </summary>
    public static ChiSquareTest? Independence(long[,] table)
    {
        int rows = table.GetLength(0), columns = table.GetLength(1);
        var rowTotals = new double[rows];
        var columnTotals = new double[columns];
        double total = 0;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                rowTotals[i] += table[i, j];
                columnTotals[j] += table[i, j];
                total += table[i, j];
            }
        }

        if (rows < 2 || columns < 2 || rowTotals.Contains(0) || columnTotals.Contains(0))
        {
            return null;
        }

        double statistic = 0;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var expected = rowTotals[i] * columnTotals[j] / total;
                statistic += (table[i, j] - expected) * (table[i, j] - expected) / expected;
            }
        }

        return Of(statistic, (rows - 1) * (columns - 1));
    }

    /// <summary>
    /// The goodness of fit of observed counts to expected shares proportional to <paramref name="weights"/> (positive).
    /// Null with fewer than two categories or no observations.
    /// </summary>
    public static ChiSquareTest? GoodnessOfFit(IReadOnlyList<long> observed, IReadOnlyList<double> weights)
    {
        var total = (double)observed.Sum();
        if (observed.Count < 2 || total == 0)
        {
            return null;
        }

        var weightSum = weights.Sum();
        var statistic = observed.Select((o, i) => total * weights[i] / weightSum).Select((e, i) => (observed[i] - e) * (observed[i] - e) / e).Sum();
        return Of(statistic, observed.Count - 1);
    }

    private static ChiSquareTest Of(double statistic, int df) => new(statistic, df, 1 - ChiSquared.CDF(df, statistic));
}

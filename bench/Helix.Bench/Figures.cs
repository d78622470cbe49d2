using System.Globalization;

namespace Helix.Bench;

/// <summary>How the benchmarks print their figures: rates with thousands separators, ratios with two decimals.</summary>
internal static class Figures
{
    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ratio(double value, double baseline) => (value / baseline).ToString("F2", CultureInfo.InvariantCulture);
}

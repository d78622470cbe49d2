using System.Globalization;
using Helix.Core.Models;
using Helix.Testing;

namespace Helix.Core.Tests.Models;

/// <summary>The CDNOW 1/10 sample in tests/data/cdnow (format in SOURCE.md there).</summary>
internal static class CdnowSample
{
    /// <summary>The paper's calibration period: 39 weeks ending 1997-09-30, inclusive.</summary>
    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    private static readonly Lazy<IReadOnlyList<CustomerSummary>> Summaries = new(Summarise);

    public static string Directory => Path.Combine(HelixProcess.RepositoryRoot(), "tests", "data", "cdnow");

    /// <summary>Every sample customer's orders, by sample customer id (1..2357).</summary>
    public static IReadOnlyDictionary<int, List<Purchase>> Transactions()
    {
        var customers = new SortedDictionary<int, List<Purchase>>();
        foreach (var line in File.ReadLines(Path.Combine(Directory, "CDNOW_sample.txt")))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var id = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var date = DateOnly.ParseExact(fields[2], "yyyyMMdd", CultureInfo.InvariantCulture);
            var value = double.Parse(fields[4], CultureInfo.InvariantCulture);
            if (!customers.TryGetValue(id, out var purchases))
            {
                customers[id] = purchases = [];
            }

            purchases.Add(new Purchase(date, value));
        }

        return customers;
    }

    /// <summary>Calibration summaries computed from the raw transactions, in weeks, ordered by customer id.</summary>
    public static IReadOnlyList<CustomerSummary> Computed => Summaries.Value;

    /// <summary>The published per-customer summary (x, t_x, T, zbar), by customer id.</summary>
    public static IReadOnlyDictionary<int, (int X, double Tx, double T, double Zbar)> Published()
    {
        var rows = new Dictionary<int, (int, double, double, double)>();
        foreach (var line in File.ReadLines(Path.Combine(Directory, "cdnow_customers_summary_with_transactions.csv")).Skip(1))
        {
            var f = line.Split(',');
            rows[int.Parse(f[0], CultureInfo.InvariantCulture)] = (
                int.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture),
                double.Parse(f[4], CultureInfo.InvariantCulture));
        }

        return rows;
    }

    private static IReadOnlyList<CustomerSummary> Summarise() =>
        [.. Transactions().Values.Select(p => CustomerSummary.FromPurchases(p, CalibrationEnd, daysPerUnit: 7)
            ?? throw new InvalidDataException("Every sample customer buys in the first 12 weeks."))];
}

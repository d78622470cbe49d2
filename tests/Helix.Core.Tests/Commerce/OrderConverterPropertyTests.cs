using System.Globalization;
using FsCheck.Xunit;
using Helix.Core.Commerce;
using static Helix.Core.Tests.Commerce.OrderRows;

namespace Helix.Core.Tests.Commerce;

/// <summary>Random files of order lines: money is neither lost nor invented, and bad lines take exactly their orders with them.</summary>
public sealed class OrderConverterPropertyTests
{
    [Property(MaxTest = 300)]
    public bool OrdersMinusRefunds_EqualTheSignedSumOfValidLines(int seed)
    {
        var (rows, _) = Scenario(seed, badLines: false);

        var result = Convert(Options with { RefundPrefix = "C" }, rows);

        var net = result.Orders.Sum(o => o.Kind == OrderKind.Completed ? o.Total : -o.Total);
        var expected = rows.Sum(r => decimal.Parse(r.Values["quantity"], CultureInfo.InvariantCulture) * decimal.Parse(r.Values["unit_price"], CultureInfo.InvariantCulture));
        return result.Rejected.Count == 0 && net == expected && result.Orders.All(o => o.Total >= 0);
    }

    [Property(MaxTest = 300)]
    public bool BadLines_RejectExactlyTheirOrders(int seed)
    {
        var (rows, badOrders) = Scenario(seed, badLines: true);

        var result = Convert(Options with { RefundPrefix = "C" }, rows);

        var imported = result.Orders.SelectMany(o => o.Rows).Distinct().Count();
        var rejected = result.Rejected.SelectMany(r => r.Rows).ToList();
        return result.Rejected.Select(r => r.OrderId!).ToHashSet().SetEquals(badOrders)
            && imported + rejected.Count == rows.Length
            && rejected.Distinct().Count() == rejected.Count;
    }

    /// <summary>Up to 40 lines over a few orders, in any order; <c>C</c> orders hold returns only, others any mix.</summary>
    private static (ImportRow[] Rows, HashSet<string> BadOrders) Scenario(int seed, bool badLines)
    {
        var random = new Random(seed);
        var rows = new List<ImportRow>();
        var bad = new HashSet<string>();
        var count = random.Next(1, 40);
        for (var i = 0; i < count; i++)
        {
            var number = random.Next(6);
            var refund = random.Next(4) == 0;
            var orderId = (refund ? "C" : "") + "10" + number.ToString(CultureInfo.InvariantCulture);
            var quantity = random.Next(1, 6) * (refund || random.Next(3) == 0 ? -1 : 1);
            var price = (random.Next(0, 10_000) / 100m).ToString(CultureInfo.InvariantCulture);
            var quantityText = quantity.ToString(CultureInfo.InvariantCulture);
            if (badLines && random.Next(8) == 0)
            {
                quantityText = "x";
                bad.Add(orderId);
            }

            rows.Add(Line(i + 2, orderId, quantityText, price, "SKU" + random.Next(5).ToString(CultureInfo.InvariantCulture), userId: "u" + number.ToString(CultureInfo.InvariantCulture)));
        }

        return ([.. rows], bad);
    }
}

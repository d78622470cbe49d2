using Helix.Core.Models;

namespace Helix.Core.Tests.Models;

public class ClvAnalysisTests
{
    /// <summary>
    /// 42 buyers at regular gaps and nobody lapsing: BG/NBD's dropout parameters a and b run off to infinity
    /// (the likelihood has no interior maximum), so the optimiser stops at its iteration cap. The fit must
    /// still answer, and the same answer whatever order the buyers come in (the store orders them by id).
    /// </summary>
    [Fact]
    public void DropoutFreeOrders_StillFit_TheSameInAnyBuyerOrder()
    {
        var end = new DateOnly(2026, 11, 1);
        var orders = new List<(string Buyer, Purchase Purchase)>();
        for (var i = 0; i < 40; i++)
        {
            for (var (day, n) = (60 + (i * 13 % 280), 0); day > 0 && n <= i % 6; day -= 10 + (i % 4 * 15), n++)
            {
                orders.Add(($"b{i}", new Purchase(end.AddDays(-day), 50 + (i * 37 % 400))));
            }
        }

        orders.AddRange(Enumerable.Range(0, 6).Select(n => ("loyal", new Purchase(end.AddDays(-(3 + (n * 30))), 900))));
        orders.Add(("lapsed_once", new Purchase(end.AddDays(-300), 120)));

        var fits = Enumerable.Range(0, 4).Select(seed =>
        {
            var random = new Random(seed);
            var (result, unfit) = ClvAnalysis.Run(orders.GroupBy(o => o.Buyer).OrderBy(_ => random.Next()).Select(g => (g.Key, g.Select(o => o.Purchase))), end);
            Assert.True(result is not null, unfit);
            return result;
        }).ToList();

        foreach (var fit in fits)
        {
            var model = fit.Purchases.Model;
            Assert.Equal(fits[0].Purchases.Model.R, model.R, 1e-4);
            Assert.Equal(fits[0].Purchases.Model.Alpha, model.Alpha, 1e-3);
            Assert.Equal(0.258, model.A / (model.A + model.B), 0.01); // the dropout probability per purchase stays put
            var loyal = fit.Buyers.Single(b => b.Person == "loyal");
            Assert.Equal(fits[0].Buyers.Single(b => b.Person == "loyal").Clv, loyal.Clv, loyal.Clv * 1e-3);
            Assert.All(fit.Buyers, b => Assert.True(double.IsFinite(b.Clv) && b.ProbabilityAlive is >= 0 and <= 1));
        }
    }
}

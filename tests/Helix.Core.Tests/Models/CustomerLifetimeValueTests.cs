using Helix.Core.Models;
using Xunit.Abstractions;

namespace Helix.Core.Tests.Models;

public class CustomerLifetimeValueTests(ITestOutputHelper output)
{
    private static readonly BgNbdModel Purchases = new(0.243, 4.414, 0.793, 2.426);
    private static readonly GammaGammaModel Spend = new(6.25, 3.74, 15.44);
    private static readonly PurchaseHistory Customer = new(2, 30.43, 38.86);

    [Fact]
    public void NoDiscount_IsExpectedValueTimesExpectedPurchases()
    {
        var options = new ClvOptions(12, 4, DiscountRate: 0);

        var clv = CustomerLifetimeValue.Estimate(Purchases, Spend, Customer, 22.35, options);

        // The per-period increments telescope to E[Y(48)].
        Assert.Equal(Spend.ExpectedAverageValue(2, 22.35) * Purchases.ExpectedPurchases(Customer, 48), clv, 1e-9);
    }

    [Fact]
    public void OnePeriod_IsDiscountedOnceAndScaledByMargin()
    {
        var options = new ClvOptions(1, 4.35, DiscountRate: 0.01, Margin: 0.3);

        var clv = CustomerLifetimeValue.Estimate(Purchases, Spend, Customer, 22.35, options);

        Assert.Equal(0.3 * Spend.ExpectedAverageValue(2, 22.35) * Purchases.ExpectedPurchases(Customer, 4.35) / 1.01, clv, 1e-12);
    }

    [Fact]
    public void Discounting_LowersValueAndLongerHorizonsRaiseIt()
    {
        var undiscounted = CustomerLifetimeValue.Estimate(Purchases, Spend, Customer, 22.35, ClvOptions.TwelveMonthsOnWeeks with { DiscountRate = 0 });
        var twelve = CustomerLifetimeValue.Estimate(Purchases, Spend, Customer, 22.35, ClvOptions.TwelveMonthsOnWeeks);
        var twentyFour = CustomerLifetimeValue.Estimate(Purchases, Spend, Customer, 22.35, ClvOptions.TwelveMonthsOnWeeks with { Periods = 24 });
        output.WriteLine($"12-month CLV of x=2, t_x=30.43, T=38.86, m_x=22.35: {twelve:F2} (undiscounted {undiscounted:F2}, 24 months {twentyFour:F2})");

        Assert.InRange(twelve, 0, undiscounted);
        Assert.True(twentyFour > twelve);
    }
}

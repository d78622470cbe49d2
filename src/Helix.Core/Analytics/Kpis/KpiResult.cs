namespace Helix.Core.Analytics.Kpis;

/// <summary>The KPI set of every bucket of the range, in order, and of the whole range.</summary>
public sealed record KpiResult(IReadOnlyList<KpiSet> Series, KpiSet Total);

/// <summary>
/// The KPIs of one period, <see cref="Start"/> to <see cref="End"/> (days in the query's zone). Counts are stored;
/// rates and means are derived here, so every answer states their numerator and denominator. "Today" is the day the
/// query ran on: days after it have not been observed, so DAU averages only the days up to it, WAU and MAU end on it
/// when the period has not ended (null when the period has not begun), and day-N retention counts only new users whose
/// day N has come.
/// </summary>
public sealed record KpiSet(
    DateOnly Start, DateOnly End, long NewUsers, long ActivePersons, long ActivePersonDays, int ElapsedDays, long? Wau, long? Mau,
    long Fans, long ConvertedFans, long Orders, long Buyers, long RepeatBuyers, decimal Gmv, IReadOnlyList<KpiRetention> Retention,
    long CouponReceivers, long CouponRedeemers)
{
    /// <summary>Mean daily active persons over the period's days up to today; null when none has come.</summary>
    public double? Dau => ElapsedDays == 0 ? null : (double)ActivePersonDays / ElapsedDays;

    public double? FanConversion => Rate(ConvertedFans, Fans);

    public double? RepurchaseRate => Rate(RepeatBuyers, Buyers);

    /// <summary>GMV per order, orders without a revenue number included; null without orders.</summary>
    public decimal? Aov => Orders == 0 ? null : Gmv / Orders;

    /// <summary>Persons who received a coupon, of the period's active persons.</summary>
    public double? CouponClaimRate => Rate(CouponReceivers, ActivePersons);

    /// <summary>Receivers who applied a coupon within the window, of the receivers.</summary>
    public double? CouponRedemptionRate => Rate(CouponRedeemers, CouponReceivers);

    internal static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>
/// Day-N retention of a period's new users: <see cref="Eligible"/> new users whose first day plus N is today or
/// earlier, <see cref="Retained"/> of them active on exactly that day.
/// </summary>
public sealed record KpiRetention(int Day, long Eligible, long Retained)
{
    public double? Rate => KpiSet.Rate(Retained, Eligible);
}

using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Analytics.Kpis;

/// <summary>
/// The brand's KPI set per bucket of the range and over the whole range (docs/analytics.md, "KPIs"): new and active
/// persons, DAU, WAU, MAU, fan conversion, orders, buyers, repurchase, GMV, AOV, day-N retention of new users and
/// coupon claim and redemption. Every event is configurable; <see cref="Revenue"/> is the order's numeric property.
/// Fans convert with an order within <see cref="ConversionDays"/> × 24 hours of their first follow in the period;
/// receivers redeem with an applied coupon within <see cref="RedemptionDays"/> × 24 hours of their first receipt.
/// </summary>
public sealed record KpiQuery(
    AnalyticsRange Range, EventFilter Follow, EventFilter Order, string Revenue, EventFilter CouponReceived, EventFilter CouponApplied,
    int ConversionDays, int RedemptionDays, IReadOnlyList<int> RetentionDays, Condition? Segment)
{
    public const int MaxDays = 366;
    public const int MaxRetentionDays = 8;
    public const int DefaultWindowDays = 30;
    public const string DefaultRevenue = "revenue";

    /// <summary>The days before a period's end that WAU and MAU look back over (that day included).</summary>
    public const int WeekDays = 7;
    public const int MonthDays = 30;

    public static readonly IReadOnlyList<int> DefaultRetentionDays = [1, 7, 14, 30];

    /// <summary>An event of these kinds makes a person active on its day; identify, group and alias calls do not (back offices send them).</summary>
    public static readonly IReadOnlyList<MessageType> ActiveTypes = [MessageType.Track, MessageType.Page, MessageType.Screen];

    /// <summary>How far after the range's last day the query reads events: the longest retention day or window.</summary>
    public int DaysAfter => Math.Max(Math.Max(ConversionDays, RedemptionDays), RetentionDays.Max());
}

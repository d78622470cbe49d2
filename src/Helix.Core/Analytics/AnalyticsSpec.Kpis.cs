using System.Text.Json;
using Helix.Core.Analytics.Kpis;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Analytics;

/// <summary>The KPI set's own fields.</summary>
public static partial class AnalyticsSpec
{
    /// <summary>
    /// KPIs: common fields (no breakdown) plus the events <c>follow</c> (default Followed), <c>order</c> (Order
    /// Completed), <c>couponReceived</c> (Coupon Received) and <c>couponApplied</c> (Coupon Applied), each
    /// <c>{"event": name or names, "where": [...]}</c>; <c>revenue</c> (the order's numeric property, default
    /// revenue); <c>conversionDays</c> and <c>redemptionDays</c> (1–366, default 30); <c>retentionDays</c> (1 to 8
    /// distinct days from 1 to 366, default [1, 7, 14, 30]).
    /// </summary>
    public static (KpiQuery? Query, IReadOnlyList<FieldError> Errors) ParseKpis(JsonElement element)
    {
        var errors = new List<FieldError>();
        string[] fields = ["follow", "order", "revenue", "couponReceived", "couponApplied", "conversionDays", "redemptionDays", "retentionDays"];
        if (Members(element, fields, "a KPI", errors) is not { } members)
        {
            return (null, errors);
        }

        if (Member(members, "breakdown") is not null)
        {
            errors.Add(new FieldError("breakdown", "is not taken by KPIs: filter with segment instead"));
        }

        var range = ParseRange(members, AllIntervals, errors);
        var follow = EventOr(members, "follow", "Followed", errors);
        var order = EventOr(members, "order", "Order Completed", errors);
        var received = EventOr(members, "couponReceived", "Coupon Received", errors);
        var applied = EventOr(members, "couponApplied", "Coupon Applied", errors);
        var revenue = PropertyPath(members, "revenue", required: false, errors) ?? KpiQuery.DefaultRevenue;
        var conversion = WholeNumber(members, "conversionDays", KpiQuery.DefaultWindowDays, 1, KpiQuery.MaxDays, "days after the first follow an order counts", errors);
        var redemption = WholeNumber(members, "redemptionDays", KpiQuery.DefaultWindowDays, 1, KpiQuery.MaxDays, "days after the first coupon received an applied one counts", errors);
        var retention = RetentionDays(members, errors);
        var segment = ParseSegment(members, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new KpiQuery(range!, follow!, order!, revenue, received!, applied!, conversion, redemption, retention, segment), errors);
    }

    private static EventFilter? EventOr(Dictionary<string, JsonElement> members, string field, string name, List<FieldError> errors) =>
        Member(members, field) is { } element ? ParseEvent(element, field, errors) : EventFilter.Track(name);

    private static int[] RetentionDays(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        if (Member(members, "retentionDays") is not { } element)
        {
            return [.. KpiQuery.DefaultRetentionDays];
        }

        var days = new List<int>();
        var valid = element.ValueKind == JsonValueKind.Array && element.GetArrayLength() is >= 1 and <= KpiQuery.MaxRetentionDays
            && element.EnumerateArray().All(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var day) && day is >= 1 and <= KpiQuery.MaxDays && Add(days, day));
        if (!valid)
        {
            errors.Add(new FieldError("retentionDays", $"is a list of 1 to {KpiQuery.MaxRetentionDays} distinct days from 1 to {KpiQuery.MaxDays}, such as [1, 7, 14, 30]"));
        }

        return [.. days];

        static bool Add(List<int> days, int day)
        {
            if (days.Contains(day))
            {
                return false;
            }

            days.Add(day);
            return true;
        }
    }
}

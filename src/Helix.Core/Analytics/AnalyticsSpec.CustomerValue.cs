using System.Globalization;
using System.Text.Json;
using Helix.Core.Analytics.CustomerValue;
using Helix.Core.Collect;
using Helix.Core.Models;
using Helix.Core.Tags;

namespace Helix.Core.Analytics;

/// <summary>
/// The customer-value queries' fields: RFM and CLV are read at an instant (<c>asOf</c>, default now) and take no
/// range; the lifecycle flow takes a range and an interval. Event and property names default as in the models
/// endpoints (<see cref="ModelSettings.Default"/>).
/// </summary>
public static partial class AnalyticsSpec
{
    public static (RfmMatrixQuery? Query, IReadOnlyList<FieldError> Errors) ParseRfm(JsonElement element, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (InstantMembers(element, ["asOf", "compareTo", "bins", "event", "refund", "revenue"], "an RFM", errors) is not { } members)
        {
            return (null, errors);
        }

        var asOf = Instant(members, "asOf", errors) ?? now;
        var compareTo = Instant(members, "compareTo", errors);
        if (compareTo >= asOf)
        {
            errors.Add(new FieldError("compareTo", "is an instant before asOf"));
        }

        var bins = WholeNumber(members, "bins", 5, 2, 10, "scores per dimension, from quantile cut points", errors);
        var defaults = ModelSettings.Default;
        var orderEvent = Name(members, "event", defaults.OrderEvent, "an event name", errors);
        var refund = Name(members, "refund", defaults.RefundEvent, "an event name", errors);
        var revenue = Name(members, "revenue", defaults.Revenue, "a property name", errors);
        var segment = ParseSegment(members, errors);
        return errors.Count > 0 ? (null, errors) : (new RfmMatrixQuery(asOf, compareTo, bins, orderEvent, refund, revenue, segment), errors);
    }

    public static (ClvSummaryQuery? Query, IReadOnlyList<FieldError> Errors) ParseClv(JsonElement element, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (InstantMembers(element, ["asOf", "event", "revenue"], "a CLV", errors) is not { } members)
        {
            return (null, errors);
        }

        var asOf = Instant(members, "asOf", errors) ?? now;
        var orderEvent = Name(members, "event", ModelSettings.Default.OrderEvent, "an event name", errors);
        var revenue = Name(members, "revenue", ModelSettings.Default.Revenue, "a property name", errors);
        var segment = ParseSegment(members, errors);
        return errors.Count > 0 ? (null, errors) : (new ClvSummaryQuery(asOf, orderEvent, revenue, segment), errors);
    }

    /// <summary>Common fields (no breakdown), <c>event</c> and the three lifecycle thresholds in days.</summary>
    public static (LifecycleFlowQuery? Query, IReadOnlyList<FieldError> Errors) ParseLifecycle(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (Members(element, ["event", "newWindowDays", "atRiskAfterDays", "churnedAfterDays"], "a lifecycle", errors) is not { } members)
        {
            return (null, errors);
        }

        var range = ParseRange(members, AllIntervals, errors);
        if (range is not null && range.Buckets().Count > LifecycleFlowQuery.MaxBuckets)
        {
            errors.Add(new FieldError("to", $"makes more than {LifecycleFlowQuery.MaxBuckets} buckets at this interval: choose a wider interval or a shorter range"));
        }

        var defaults = ModelSettings.Default.Lifecycle;
        var newWindow = WholeNumber(members, "newWindowDays", defaults.NewWindowDays, 0, 3650, "days a person stays new after first seen", errors);
        var atRisk = WholeNumber(members, "atRiskAfterDays", defaults.AtRiskAfterDays, 1, 3650, "days without an order that make a person at risk", errors);
        var churned = WholeNumber(members, "churnedAfterDays", defaults.ChurnedAfterDays, 1, 3650, "days without an order that make a person churned", errors);
        if (churned <= atRisk)
        {
            errors.Add(new FieldError("churnedAfterDays", "must be greater than atRiskAfterDays"));
        }

        if (Member(members, "breakdown") is not null)
        {
            errors.Add(new FieldError("breakdown", "is not taken by the lifecycle flow: filter with segment instead"));
        }

        var orderEvent = Name(members, "event", ModelSettings.Default.OrderEvent, "an event name", errors);
        var segment = ParseSegment(members, errors);
        return errors.Count > 0 ? (null, errors) : (new LifecycleFlowQuery(range!, orderEvent, new LifecycleThresholds(newWindow, atRisk, churned), segment), errors);
    }

    /// <summary>The members of a query read at an instant: its own fields and <c>segment</c>, none of the range fields.</summary>
    private static Dictionary<string, JsonElement>? InstantMembers(JsonElement element, string[] fields, string what, List<FieldError> errors)
    {
        if (TagSpec.Members(element, "", $"is {what} query: a JSON object", errors) is not { } members)
        {
            return null;
        }

        TagSpec.Unexpected(members, [.. fields, "segment"], "", $"{what} query (it is read at asOf, not over a range)", errors);
        return members;
    }

    private static DateTimeOffset? Instant(Dictionary<string, JsonElement> members, string name, List<FieldError> errors)
    {
        if (Member(members, name) is not { } e)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at.Year is >= 1971 and <= 9998)
        {
            return at.ToUniversalTime();
        }

        errors.Add(new FieldError(name, "is an instant such as 2026-11-01T00:00:00+08:00"));
        return null;
    }

    private static string Name(Dictionary<string, JsonElement> members, string name, string fallback, string what, List<FieldError> errors)
    {
        if (Member(members, name) is not { } e)
        {
            return fallback;
        }

        if (e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 and <= 200 } text)
        {
            return text;
        }

        errors.Add(new FieldError(name, $"is {what} of 1 to 200 characters"));
        return fallback;
    }
}

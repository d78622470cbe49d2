using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Analytics;

/// <summary>The three query kinds' own fields.</summary>
public static partial class AnalyticsSpec
{
    private static readonly AnalyticsInterval[] AllIntervals = [AnalyticsInterval.Day, AnalyticsInterval.Week, AnalyticsInterval.Month];

    /// <summary>A trend: common fields plus <c>event</c>, <c>where</c>, <c>metric</c> (count, unique, sum, avg) and <c>property</c> (for sum and avg).</summary>
    public static (TrendsQuery? Query, IReadOnlyList<FieldError> Errors) ParseTrends(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (Members(element, ["event", "where", "metric", "property"], "a trends", errors) is not { } members)
        {
            return (null, errors);
        }

        var range = ParseRange(members, AllIntervals, errors);
        var filter = ParseTopLevelEvent(element, errors);
        var metric = TrendMetric.Count;
        if (Member(members, "metric") is { } m && !(m.ValueKind == JsonValueKind.String && WireNames.TryParse(m.GetString(), out metric)))
        {
            errors.Add(new FieldError("metric", $"is one of {WireNames.List<TrendMetric>()}"));
        }

        var property = ParseProperty(members, "", errors);
        if (Member(members, "property") is null && metric is TrendMetric.Sum or TrendMetric.Avg)
        {
            errors.Add(new FieldError("property", "is required for sum and avg: the numeric property, such as total"));
        }

        var segment = ParseSegment(members, errors);
        var breakdown = ParseBreakdown(members, errors);
        return errors.Count > 0 ? (null, errors) : (new TrendsQuery(range!, filter, metric, property, segment, breakdown), errors);
    }

    /// <summary>
    /// A funnel: common fields plus <c>steps</c> (2 to 10 events), <c>window</c> (<c>Nd</c>, <c>Nh</c> or <c>Nm</c>,
    /// default 1d), <c>order</c> (loose, strict) and an optional <c>dropOff</c> (<c>{"step": k, "limit": n, "after": id}</c>).
    /// </summary>
    public static (FunnelQuery? Query, FunnelDropOff? DropOff, IReadOnlyList<FieldError> Errors) ParseFunnel(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (Members(element, ["steps", "window", "order", "dropOff"], "a funnel", errors) is not { } members)
        {
            return (null, null, errors);
        }

        var range = ParseRange(members, AllIntervals, errors);
        var steps = new List<EventFilter>();
        if (Member(members, "steps") is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() is < FunnelQuery.MinSteps or > FunnelQuery.MaxSteps)
        {
            errors.Add(new FieldError("steps", $"is a list of {FunnelQuery.MinSteps} to {FunnelQuery.MaxSteps} steps, each {{\"event\": name, \"where\": [...]}}"));
        }
        else
        {
            var i = 0;
            foreach (var step in array.EnumerateArray())
            {
                if (ParseEvent(step, $"steps[{i++}]", errors) is { } filter)
                {
                    steps.Add(filter);
                }
            }
        }

        var window = TimeSpan.FromDays(1);
        if (Member(members, "window") is { } w && !(w.ValueKind == JsonValueKind.String && Durations.TryParseExact(w.GetString()!, out window) && window <= FunnelQuery.MaxWindow))
        {
            errors.Add(new FieldError("window", "is a duration from the first step, Nd, Nh or Nm, such as 7d, at most 366d"));
        }

        var order = FunnelOrder.Loose;
        if (Member(members, "order") is { } o && !(o.ValueKind == JsonValueKind.String && WireNames.TryParse(o.GetString(), out order)))
        {
            errors.Add(new FieldError("order", $"is one of {WireNames.List<FunnelOrder>()}"));
        }

        var dropOff = ParseDropOff(members, steps.Count, errors);
        var segment = ParseSegment(members, errors);
        var breakdown = ParseBreakdown(members, errors);
        return errors.Count > 0 ? (null, null, errors) : (new FunnelQuery(range!, steps, window, order, segment, breakdown), dropOff, errors);
    }

    /// <summary>
    /// Retention: common fields (interval day or week) plus <c>start</c> and <c>return</c> (events), <c>periods</c>
    /// (1 to 400, default 7) and <c>bounded</c> (default false: returned in that period or later).
    /// </summary>
    public static (RetentionQuery? Query, IReadOnlyList<FieldError> Errors) ParseRetention(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (Members(element, ["start", "return", "periods", "bounded"], "a retention", errors) is not { } members)
        {
            return (null, errors);
        }

        var range = ParseRange(members, [AnalyticsInterval.Day, AnalyticsInterval.Week], errors);
        var start = Member(members, "start") is { } s ? ParseEvent(s, "start", errors) : Required("start", errors);
        var back = Member(members, "return") is { } r ? ParseEvent(r, "return", errors) : Required("return", errors);
        var periods = 7;
        if (Member(members, "periods") is { } p && !(p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out periods) && periods is >= 1 and <= RetentionQuery.MaxPeriods))
        {
            errors.Add(new FieldError("periods", $"is a whole number from 1 to {RetentionQuery.MaxPeriods}: the last day or week after the cohort's reported"));
        }

        var bounded = false;
        if (Member(members, "bounded") is { } b)
        {
            if (b.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new FieldError("bounded", "is true (returned in exactly that period) or false (in that period or later)"));
            }

            bounded = b.ValueKind == JsonValueKind.True;
        }

        var segment = ParseSegment(members, errors);
        var breakdown = ParseBreakdown(members, errors);
        return errors.Count > 0 ? (null, errors) : (new RetentionQuery(range!, start!, back!, periods, bounded, segment, breakdown), errors);
    }

    /// <summary>The query's own <c>event</c> (a name or names) and <c>where</c>, as a computed trait takes them.</summary>
    private static EventFilter ParseTopLevelEvent(JsonElement element, List<FieldError> errors)
    {
        var events = ComputedTraitSpec.ParseEvents(element, "event", errors);
        if (events.Length == 0 && !errors.Any(e => e.Field == "event"))
        {
            errors.Add(new FieldError("event", "is required: an event name or a list of names"));
        }

        return new EventFilter(MessageType.Track, events, ComputedTraitSpec.ParseWhere(element, "where", errors));
    }

    /// <summary>An optional dotted property path (<c>total</c>, <c>order.total</c>) at <c>property</c>.</summary>
    private static string? ParseProperty(Dictionary<string, JsonElement> members, string hint, List<FieldError> errors)
    {
        if (Member(members, "property") is not { } p)
        {
            return null;
        }

        var property = p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 and <= 200 } text && !text.Split('.').Any(s => s.Length == 0) ? text : null;
        if (property is null)
        {
            errors.Add(new FieldError("property", "is a property path such as total or order.total" + hint));
        }

        return property;
    }

    private static EventFilter? Required(string field, List<FieldError> errors)
    {
        errors.Add(new FieldError(field, "is required: {\"event\": name, \"where\": [...]}"));
        return null;
    }

    private static FunnelDropOff? ParseDropOff(Dictionary<string, JsonElement> members, int steps, List<FieldError> errors)
    {
        if (Member(members, "dropOff") is not { } element
            || TagSpec.Members(element, "dropOff", "is {\"step\": k, \"limit\": n, \"after\": person id, \"save\": segment name}", errors) is not { } fields)
        {
            return null;
        }

        TagSpec.Unexpected(fields, ["step", "limit", "after", "save"], "dropOff", "a drop-off", errors);
        var step = 0;
        if (!(fields.TryGetValue("step", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out step) && step >= 1 && step < Math.Max(2, steps)))
        {
            errors.Add(new FieldError("dropOff.step", "is the step (1-based, before the last) whose persons did not reach the next"));
        }

        var limit = 100;
        if (fields.TryGetValue("limit", out var l) && !(l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out limit) && limit is >= 1 and <= FunnelDropOff.MaxLimit))
        {
            errors.Add(new FieldError("dropOff.limit", $"is a whole number from 1 to {FunnelDropOff.MaxLimit}"));
        }

        string? after = null;
        if (fields.TryGetValue("after", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            after = a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (after is null)
            {
                errors.Add(new FieldError("dropOff.after", "is the last person id of the previous page"));
            }
        }

        string? save = null;
        if (fields.TryGetValue("save", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            save = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (save is null || !TagSpec.IsValidName(save))
            {
                errors.Add(new FieldError("dropOff.save", "is the name of a static segment to save every drop-off person as: lower-case snake case, at most 64 characters"));
            }
            else if (after is not null)
            {
                errors.Add(new FieldError("dropOff.after", "pages the listed persons; a save takes every drop-off person, so leave it out"));
            }
        }

        return new FunnelDropOff(step, limit, after, save);
    }
}

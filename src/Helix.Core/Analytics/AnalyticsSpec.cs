using System.Globalization;
using System.Text.Json;
using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Analytics;

/// <summary>
/// The JSON form of analytics queries, as <c>POST /api/v1/analytics/…</c> takes them. Every query has <c>from</c> and
/// <c>to</c> (days, <c>2026-11-01</c>), <c>interval</c>, <c>timeZone</c> (an IANA name), an optional <c>segment</c>
/// (an audience condition, JSON or text) and <c>breakdown</c> (<c>{"property": "channel", "limit": 20}</c>, or
/// <c>trait</c>, or <c>tag</c>). Parsing names every bad field and rejects unknown ones.
/// </summary>
public static partial class AnalyticsSpec
{
    private static readonly string[] CommonFields = ["from", "to", "interval", "timeZone", "segment", "breakdown"];

    private static Dictionary<string, JsonElement>? Members(JsonElement element, string[] fields, string what, List<FieldError> errors)
    {
        if (TagSpec.Members(element, "", $"is {what} query: a JSON object", errors) is not { } members)
        {
            return null;
        }

        TagSpec.Unexpected(members, [.. CommonFields, .. fields], "", $"a {what} query", errors);
        return members;
    }

    private static AnalyticsRange? ParseRange(Dictionary<string, JsonElement> members, AnalyticsInterval[] intervals, List<FieldError> errors)
    {
        var from = Day(members, "from", errors);
        var to = Day(members, "to", errors);
        var interval = AnalyticsInterval.Day;
        if (members.TryGetValue("interval", out var i) && !(i.ValueKind == JsonValueKind.String && WireNames.TryParse(i.GetString(), out interval) && intervals.Contains(interval)))
        {
            errors.Add(new FieldError("interval", $"is one of {string.Join(", ", intervals.Select(WireNames.Of))}"));
        }

        var zone = Zone(members, errors);
        if (from is not { } f || to is not { } t || zone is null)
        {
            return null;
        }

        if (t < f || t.DayNumber - f.DayNumber >= AnalyticsRange.MaxDays)
        {
            errors.Add(new FieldError("to", $"is a day on or after from, at most {AnalyticsRange.MaxDays} days in all"));
            return null;
        }

        return new AnalyticsRange(f, t, interval, zone);
    }

    private static DateOnly? Day(Dictionary<string, JsonElement> members, string name, List<FieldError> errors)
    {
        if (members.TryGetValue(name, out var e) && e.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 1971)
        {
            return day;
        }

        errors.Add(new FieldError(name, "is required: a day such as 2026-11-01, in the query's time zone"));
        return null;
    }

    private static TimeZoneInfo? Zone(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        var name = AnalyticsRange.DefaultZone;
        if (members.TryGetValue("timeZone", out var e))
        {
            name = e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        }

        // IANA names only: DuckDB knows zones by their IANA name, and so do the docs and the console.
        if (name.Length is > 0 and <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) && zone.HasIanaId)
        {
            return zone;
        }

        errors.Add(new FieldError("timeZone", "is an IANA time zone such as Asia/Shanghai"));
        return null;
    }

    private static Condition? ParseSegment(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        if (!members.TryGetValue("segment", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var (condition, problems) = SegmentSpec.ParseCondition(element, "segment");
        errors.AddRange(problems);
        return condition;
    }

    private static Breakdown? ParseBreakdown(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        const string Shape = "is {\"property\": path} or {\"trait\": name} or {\"tag\": name}, with an optional limit";
        if (!members.TryGetValue("breakdown", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (TagSpec.Members(element, "breakdown", Shape, errors) is not { } fields)
        {
            return null;
        }

        TagSpec.Unexpected(fields, ["property", "trait", "tag", "limit"], "breakdown", "a breakdown", errors);
        var sources = fields.Keys.Where(k => k != "limit").ToList();
        var limit = Breakdown.DefaultLimit;
        if (fields.TryGetValue("limit", out var l) && !(l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out limit) && limit is >= 1 and <= Breakdown.MaxLimit))
        {
            errors.Add(new FieldError("breakdown.limit", $"is a whole number from 1 to {Breakdown.MaxLimit}"));
        }

        if (sources.Count != 1 || !WireNames.TryParse(sources[0], out BreakdownSource source))
        {
            errors.Add(new FieldError("breakdown", Shape));
            return null;
        }

        var name = fields[sources[0]];
        if (name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 and <= 200 } text)
        {
            errors.Add(new FieldError($"breakdown.{sources[0]}", "is a name of 1 to 200 characters"));
            return null;
        }

        return new Breakdown(source, text, limit);
    }

    private static EventFilter? ParseEvent(JsonElement element, string field, List<FieldError> errors) =>
        ComputedTraitSpec.ParseEventFilter(element, field, errors);

    private static JsonElement? Member(Dictionary<string, JsonElement> members, string name) =>
        members.TryGetValue(name, out var element) && element.ValueKind != JsonValueKind.Null ? element : null;
}

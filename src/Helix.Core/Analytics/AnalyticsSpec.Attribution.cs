using System.Text.Json;
using Helix.Core.Analytics.Attribution;
using Helix.Core.Collect;

namespace Helix.Core.Analytics;

/// <summary>Attribution's own fields.</summary>
public static partial class AnalyticsSpec
{
    /// <summary>
    /// Attribution: common fields (no interval or breakdown) plus <c>conversion</c> and <c>touchpoints</c> (events),
    /// <c>dimension</c> (the touch's property path), <c>lookbackDays</c> (1–366, default 30), <c>models</c> (default
    /// all), <c>halfLifeDays</c> (time decay, default 7) and <c>value</c> (the conversion's numeric property).
    /// </summary>
    public static (AttributionQuery? Query, IReadOnlyList<FieldError> Errors) ParseAttribution(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (Members(element, ["conversion", "touchpoints", "dimension", "lookbackDays", "models", "halfLifeDays", "value"], "an attribution", errors) is not { } members)
        {
            return (null, errors);
        }

        if (Member(members, "breakdown") is not null)
        {
            errors.Add(new FieldError("breakdown", "is not taken by attribution: dimension names the touch"));
        }

        var range = ParseRange(members, [AnalyticsInterval.Day], errors);
        var conversion = Member(members, "conversion") is { } c ? ParseEvent(c, "conversion", errors) : Required("conversion", errors);
        var touchpoints = Member(members, "touchpoints") is { } t ? ParseEvent(t, "touchpoints", errors) : Required("touchpoints", errors);
        var dimension = PropertyPath(members, "dimension", required: true, errors);
        var value = PropertyPath(members, "value", required: false, errors);
        var lookback = AttributionQuery.DefaultLookbackDays;
        if (Member(members, "lookbackDays") is { } l && !(l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out lookback) && lookback is >= 1 and <= AttributionQuery.MaxLookbackDays))
        {
            errors.Add(new FieldError("lookbackDays", $"is a whole number of days from 1 to {AttributionQuery.MaxLookbackDays}"));
        }

        var halfLife = AttributionQuery.DefaultHalfLifeDays;
        if (Member(members, "halfLifeDays") is { } h && !(h.ValueKind == JsonValueKind.Number && h.TryGetDouble(out halfLife) && halfLife is > 0 and <= AttributionQuery.MaxHalfLifeDays))
        {
            errors.Add(new FieldError("halfLifeDays", $"is a number of days above 0, at most {AttributionQuery.MaxHalfLifeDays}"));
        }

        var models = ParseModels(members, errors);
        var segment = ParseSegment(members, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new AttributionQuery(range!, conversion!, touchpoints!, dimension!, lookback, models, halfLife, value, segment), errors);
    }

    private static AttributionModel[] ParseModels(Dictionary<string, JsonElement> members, List<FieldError> errors)
    {
        if (Member(members, "models") is not { } element)
        {
            return Enum.GetValues<AttributionModel>();
        }

        var models = new List<AttributionModel>();
        if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || !WireNames.TryParse(item.GetString(), out AttributionModel model) || models.Contains(model))
                {
                    models.Clear();
                    break;
                }

                models.Add(model);
            }
        }

        if (models.Count == 0)
        {
            errors.Add(new FieldError("models", $"is a non-empty list of distinct models: {WireNames.List<AttributionModel>()}"));
        }

        return [.. models];
    }

    private static string? PropertyPath(Dictionary<string, JsonElement> members, string field, bool required, List<FieldError> errors)
    {
        if (Member(members, field) is not { } element)
        {
            if (required)
            {
                errors.Add(new FieldError(field, "is required: a property path such as channel or utm.campaign"));
            }

            return null;
        }

        if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 and <= 200 } text && !text.Split('.').Any(s => s.Length == 0))
        {
            return text;
        }

        errors.Add(new FieldError(field, "is a property path such as channel or utm.campaign"));
        return null;
    }
}

using System.Text.Json;
using Helix.Core.Collect;

namespace Helix.Core.Analytics;

/// <summary>The paths query's own fields.</summary>
public static partial class AnalyticsSpec
{
    /// <summary>
    /// Paths: common fields (no breakdown) plus <c>anchor</c> (an event), <c>direction</c> (next, previous),
    /// <c>steps</c> (1 to 8, default 4), <c>maxGap</c> (Nd, Nh or Nm, default 30m, at most 7d) and <c>limit</c>
    /// (names kept per step, 1 to 50, default 8).
    /// </summary>
    public static (PathsQuery? Query, IReadOnlyList<FieldError> Errors) ParsePaths(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (Members(element, ["anchor", "direction", "steps", "maxGap", "limit"], "a paths", errors) is not { } members)
        {
            return (null, errors);
        }

        var range = ParseRange(members, AllIntervals, errors);
        var anchor = Member(members, "anchor") is { } a ? ParseEvent(a, "anchor", errors) : Required("anchor", errors);
        var direction = PathDirection.Next;
        if (Member(members, "direction") is { } d && !(d.ValueKind == JsonValueKind.String && WireNames.TryParse(d.GetString(), out direction)))
        {
            errors.Add(new FieldError("direction", $"is one of {WireNames.List<PathDirection>()}"));
        }

        var steps = WholeNumber(members, "steps", 4, 1, PathsQuery.MaxSteps, "the number of events to follow from the anchor", errors);
        var limit = WholeNumber(members, "limit", 8, 1, PathsQuery.MaxLimit, "how many event names each step keeps; the rest are (other)", errors);
        var maxGap = PathsQuery.DefaultMaxGap;
        if (Member(members, "maxGap") is { } g && !(g.ValueKind == JsonValueKind.String && Durations.TryParseExact(g.GetString()!, out maxGap) && maxGap <= PathsQuery.MaxMaxGap))
        {
            errors.Add(new FieldError("maxGap", "is the longest pause within a path, Nd, Nh or Nm, such as 30m, at most 7d"));
        }

        if (Member(members, "breakdown") is not null)
        {
            errors.Add(new FieldError("breakdown", "is not taken by paths: filter with segment instead"));
        }

        var segment = ParseSegment(members, errors);
        return errors.Count > 0 ? (null, errors) : (new PathsQuery(range!, anchor!, direction, steps, maxGap, limit, segment), errors);
    }

    private static int WholeNumber(Dictionary<string, JsonElement> members, string name, int fallback, int min, int max, string what, List<FieldError> errors)
    {
        var value = fallback;
        if (Member(members, name) is { } e && !(e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out value) && value >= min && value <= max))
        {
            errors.Add(new FieldError(name, $"is a whole number from {min} to {max}: {what}"));
        }

        return value;
    }
}

using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Analytics;

/// <summary>The distribution query's own fields.</summary>
public static partial class AnalyticsSpec
{
    /// <summary>
    /// A distribution: common fields (no breakdown) plus <c>event</c>, <c>where</c>, <c>property</c> (a numeric
    /// property; without it, events per person) and <c>bins</c> (1 to 100, default 10).
    /// </summary>
    public static (DistributionQuery? Query, IReadOnlyList<FieldError> Errors) ParseDistribution(JsonElement element)
    {
        var errors = new List<FieldError>();
        if (Members(element, ["event", "where", "property", "bins"], "a distribution", errors) is not { } members)
        {
            return (null, errors);
        }

        var range = ParseRange(members, AllIntervals, errors);
        var events = ComputedTraitSpec.ParseEvents(element, "event", errors);
        if (events.Length == 0 && !errors.Any(e => e.Field == "event"))
        {
            errors.Add(new FieldError("event", "is required: an event name or a list of names"));
        }

        var where = ComputedTraitSpec.ParseWhere(element, "where", errors);
        string? property = null;
        if (Member(members, "property") is { } p)
        {
            property = p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 and <= 200 } text && !text.Split('.').Any(s => s.Length == 0) ? text : null;
            if (property is null)
            {
                errors.Add(new FieldError("property", "is a property path such as total or order.total; leave it out for events per person"));
            }
        }

        var bins = WholeNumber(members, "bins", 10, 1, DistributionQuery.MaxBins, "how many bins of equal width", errors);
        if (Member(members, "breakdown") is not null)
        {
            errors.Add(new FieldError("breakdown", "is not taken by distributions: filter with segment instead"));
        }

        var segment = ParseSegment(members, errors);
        return errors.Count > 0 ? (null, errors) : (new DistributionQuery(range!, new EventFilter(MessageType.Track, events, where), property, bins, segment), errors);
    }
}

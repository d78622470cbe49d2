using System.Text.Json;
using Helix.Core.Collect;

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
        var filter = ParseTopLevelEvent(element, errors);
        var property = ParseProperty(members, "; leave it out for events per person", errors);
        var bins = WholeNumber(members, "bins", 10, 1, DistributionQuery.MaxBins, "how many bins of equal width", errors);
        if (Member(members, "breakdown") is not null)
        {
            errors.Add(new FieldError("breakdown", "is not taken by distributions: filter with segment instead"));
        }

        var segment = ParseSegment(members, errors);
        return errors.Count > 0 ? (null, errors) : (new DistributionQuery(range!, filter, property, bins, segment), errors);
    }
}

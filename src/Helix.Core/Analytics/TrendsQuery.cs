using Helix.Core.Tags;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Analytics;

/// <summary>What a trend measures in each bucket.</summary>
public enum TrendMetric
{
    /// <summary>Matching events.</summary>
    Count,

    /// <summary>Distinct persons with a matching event in the bucket.</summary>
    Unique,

    /// <summary>The sum of a numeric property over matching events (events without a number there add nothing).</summary>
    Sum,

    /// <summary>That sum divided by the number of events that had a number there; none for a bucket without any.</summary>
    Avg,
}

/// <summary>
/// A trend: the events <see cref="Event"/> matches whose day is in the range, of persons in <see cref="Segment"/> (as it
/// holds at query time) when given, measured by <see cref="Metric"/> per bucket and optionally broken down.
/// <see cref="Property"/> is the dotted path under <c>properties</c> that sum and avg read.
/// </summary>
public sealed record TrendsQuery(
    AnalyticsRange Range, EventFilter Event, TrendMetric Metric, string? Property, Condition? Segment, Breakdown? Breakdown);

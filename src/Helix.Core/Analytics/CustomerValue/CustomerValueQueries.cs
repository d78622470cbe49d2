using Helix.Core.Models;
using Helix.Core.Tags;

namespace Helix.Core.Analytics.CustomerValue;

/// <summary>
/// The R × F matrix and the 8 groups at <see cref="AsOf"/> of the buyers in <see cref="Segment"/>, and, with
/// <see cref="CompareTo"/>, how they moved between groups since then.
/// </summary>
public sealed record RfmMatrixQuery(DateTimeOffset AsOf, DateTimeOffset? CompareTo, int Bins, string Event, string Refund, string Revenue, Condition? Segment);

/// <summary>Lifecycle stages at each boundary of <see cref="Range"/> and the flows between them, of the persons in <see cref="Segment"/>.</summary>
public sealed record LifecycleFlowQuery(AnalyticsRange Range, string Event, LifecycleThresholds Thresholds, Condition? Segment)
{
    /// <summary>At most this many buckets (one boundary more): a Sankey of more columns is unreadable, and each costs a pass over the persons.</summary>
    public const int MaxBuckets = 400;
}

/// <summary>The predicted CLV of the buyers in <see cref="Segment"/>, from the workspace's fit on the orders up to <see cref="AsOf"/>.</summary>
public sealed record ClvSummaryQuery(DateTimeOffset AsOf, string Event, string Revenue, Condition? Segment);

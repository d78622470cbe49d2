namespace Helix.Core.ComputedTraits;

/// <summary>How a computed trait folds the values of the events it counts.</summary>
public enum AggregateFunction
{
    Count,
    Sum,
    Avg,
    Min,
    Max,
    First,
    Last,
    DistinctCount,
    MostFrequent,
}

namespace Helix.Core.Analytics;

/// <summary>How a range is cut into buckets: calendar days, ISO weeks (Monday to Sunday) or calendar months, in the query's zone.</summary>
public enum AnalyticsInterval
{
    Day,
    Week,
    Month,
}

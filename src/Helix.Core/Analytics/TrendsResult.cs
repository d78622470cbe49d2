namespace Helix.Core.Analytics;

/// <summary>One bucket of a trend series: its first day and its value (null only for an avg over no numbers).</summary>
public sealed record TrendPoint(DateOnly Start, decimal? Value);

/// <summary>One series: a breakdown group (or everything when there is no breakdown), every bucket present, and its total over the range.</summary>
public sealed record TrendSeries(BreakdownValue? Group, IReadOnlyList<TrendPoint> Points, decimal? Total);

public sealed record TrendsResult(IReadOnlyList<TrendSeries> Series);

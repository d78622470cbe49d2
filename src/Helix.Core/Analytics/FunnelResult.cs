namespace Helix.Core.Analytics;

/// <summary>
/// One step of a funnel group: the persons who reached it, their share of those who entered and of those who reached
/// the step before, and the median time from the step before (seconds; null for the first step or when nobody reached it).
/// </summary>
public sealed record FunnelStep(int Step, long Persons, double Conversion, double StepConversion, double? MedianSeconds);

public sealed record FunnelGroup(BreakdownValue? Group, IReadOnlyList<FunnelStep> Steps);

public sealed record FunnelResult(IReadOnlyList<FunnelGroup> Groups);

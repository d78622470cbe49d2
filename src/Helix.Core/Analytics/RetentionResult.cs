namespace Helix.Core.Analytics;

/// <summary>One cohort: its first day, its persons, and the persons retained in periods 0 to N (period 0 is the cohort).</summary>
public sealed record RetentionCohort(DateOnly Start, long Persons, IReadOnlyList<long> Retained);

public sealed record RetentionGroup(BreakdownValue? Group, IReadOnlyList<RetentionCohort> Cohorts);

public sealed record RetentionResult(IReadOnlyList<RetentionGroup> Groups);

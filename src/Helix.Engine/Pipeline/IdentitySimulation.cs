namespace Helix.Engine.Pipeline;

/// <summary>The difference proposed rules would make, in persons over the same events.</summary>
public sealed record IdentitySimulation(
    long EventsCompared, int PersonsNow, int PersonsProposed, int PersonsThatWouldSplit, int PersonsThatWouldMerge,
    IReadOnlyList<SimulatedSplit> SplitExamples, IReadOnlyList<SimulatedMerge> MergeExamples);

namespace Helix.Core.Profiles;

/// <summary>The difference proposed rules would make, in persons over the same events.</summary>
public sealed record IdentitySimulation(
    long EventsCompared, int PersonsNow, int PersonsProposed, int PersonsThatWouldSplit, int PersonsThatWouldMerge,
    IReadOnlyList<SimulatedSplit> SplitExamples, IReadOnlyList<SimulatedMerge> MergeExamples)
{
    /// <summary>Compares two partitions of the same events: each event's person now and its person under the proposal.</summary>
    public static IdentitySimulation Compare(IReadOnlyCollection<(PersonId Now, PersonId Proposed)> events, int examples = 10)
    {
        ArgumentNullException.ThrowIfNull(events);
        var splits = events.GroupBy(e => e.Now).Where(g => g.Select(e => e.Proposed).Distinct().Skip(1).Any()).ToList();
        var merges = events.GroupBy(e => e.Proposed).Where(g => g.Select(e => e.Now).Distinct().Skip(1).Any()).ToList();
        return new IdentitySimulation(
            events.Count,
            events.Select(e => e.Now).Distinct().Count(),
            events.Select(e => e.Proposed).Distinct().Count(),
            splits.Count,
            merges.Count,
            [.. splits.Take(examples).Select(g => new SimulatedSplit(g.Key, g.Select(e => e.Proposed).Distinct().Count()))],
            [.. merges.Take(examples).Select(g => new SimulatedMerge([.. g.Select(e => e.Now).Distinct().OrderBy(p => p.Value, StringComparer.Ordinal)]))]);
    }
}

using Helix.Core.Identity;

namespace Helix.Core.Profiles;

/// <summary>
/// Mega-profile quarantine. A merge is refused, and the person with the larger fan-out quarantined,
/// when the merged person would pass a hard cap (<see cref="IdentityRules.MaxMergesPerPerson"/>,
/// <see cref="IdentityRules.MaxIdentifiersPerPerson"/>) or the windowed fan-out rule
/// (<see cref="IdentityRules.MergeFanOut"/>). A quarantined person never merges again until an
/// operation refolds it. Windows count by event time, so a replay quarantines the same persons at
/// the same log positions.
/// </summary>
public sealed partial class ProfileGraph
{
    private readonly List<PersonState> _quarantined = [];

    /// <summary>
    /// The persons quarantined since the last call that still exist (a later refold may have rebuilt
    /// them): what the pipeline alerts on once their batch is committed.
    /// </summary>
    public IReadOnlyList<PersonSnapshot> TakeQuarantined()
    {
        var taken = _quarantined
            .Where(p => p.Quarantine is not null && _persons.GetValueOrDefault((p.Workspace, p.Id)) == p)
            .Distinct()
            .Select(p => p.ToSnapshot())
            .ToList();
        _quarantined.Clear();
        return taken;
    }

    /// <returns>Whether merging <paramref name="a"/> and <paramref name="b"/> passes a cap; then one of them is quarantined.</returns>
    private bool TryQuarantine(PersonState a, PersonState b, Linking linking)
    {
        var rules = RulesFor(a.Workspace);
        var (reason, suspect) = a.MergeCount + b.MergeCount + 1 > rules.MaxMergesPerPerson
            ? ($"more than {rules.MaxMergesPerPerson} merges", Busier(a, b))
            : a.Identifiers.Count + b.Identifiers.Count > rules.MaxIdentifiersPerPerson
                ? ($"more than {rules.MaxIdentifiersPerPerson} identifiers", Busier(a, b))
                : FanOut(a, b, rules.MergeFanOut, linking.Message.Timestamp);
        if (reason is null || suspect is null)
        {
            return false;
        }

        suspect.Quarantine = new Quarantine(reason, linking.Position, linking.Message.Timestamp);
        _dirty.Add(suspect);
        _quarantined.Add(suspect);
        return true;
    }

    /// <summary>
    /// The windowed rule: the merges of both persons whose event is later than <paramref name="at"/>
    /// minus the window (later ones count too, so an import in reverse time order is caught), plus
    /// this one. Costs nothing until the two have had more merges in all than the window allows.
    /// </summary>
    private static (string? Reason, PersonState? Suspect) FanOut(PersonState a, PersonState b, MergeFanOutLimit? limit, DateTimeOffset at)
    {
        if (limit is null || a.MergeCount + b.MergeCount + 1 <= limit.MaxMerges)
        {
            return (null, null);
        }

        var since = at - limit.Window;
        var (inA, inB) = (a.MergesSince(since), b.MergesSince(since));
        var merges = inA + inB + 1;
        return merges <= limit.MaxMerges
            ? (null, null)
            : ($"{merges} merges within {IdentityRulesSpec.FormatWindow(limit.Window)}", inA != inB ? (inA > inB ? a : b) : Busier(a, b));
    }

    /// <summary>The person with the larger fan-out is the abnormal one; the other stays as it was.</summary>
    private static PersonState Busier(PersonState a, PersonState b) =>
        a.MergeCount != b.MergeCount
            ? (a.MergeCount > b.MergeCount ? a : b)
            : (a.Identifiers.Count >= b.Identifiers.Count ? a : b);
}

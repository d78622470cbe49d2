namespace Helix.Core.Identity.Matching;

/// <summary>
/// Turns auto-merged pairs into groups of records (one person each): if a~b and b~c, then a, b and c are
/// one person even when a and c were never compared. Review pairs never join a group.
/// </summary>
public static class MatchClustering
{
    /// <returns>
    /// The groups of the ids in auto-merged pairs, each sorted ordinally, the groups ordered by their first
    /// id: the same pairs in any order give the same groups. Ids must be unique across both tables of a link.
    /// </returns>
    public static IReadOnlyList<IReadOnlyList<string>> Clusters(IEnumerable<MatchCandidate> candidates)
    {
        var merged = candidates.Where(c => c.Decision == MatchDecision.AutoMerge).ToList();
        var ids = merged.SelectMany(c => new[] { c.LeftId, c.RightId }).Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var sets = new UnionFind(ids.Length);
        foreach (var candidate in merged)
        {
            sets.Union(index[candidate.LeftId], index[candidate.RightId]);
        }

        // Ids are visited in order, so each group's members and the groups themselves come out sorted.
        return [.. Enumerable.Range(0, ids.Length)
            .GroupBy(sets.Find)
            .Select(group => (IReadOnlyList<string>)[.. group.Select(i => ids[i])])];
    }
}

namespace Helix.Core.Tags;

/// <summary>What changed between two evaluations of a person's tags.</summary>
public static class TagDiff
{
    /// <returns>The changes, sorted ordinally by tag name; empty when both sets are the same.</returns>
    public static IReadOnlyList<TagChange> Between(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        var changes = new List<TagChange>();
        foreach (var (tag, old) in before)
        {
            if (!after.TryGetValue(tag, out var now))
            {
                changes.Add(new TagChange(tag, TagChangeKind.Lost, old, null));
            }
            else if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                changes.Add(new TagChange(tag, TagChangeKind.Changed, old, now));
            }
        }

        changes.AddRange(after.Where(a => !before.ContainsKey(a.Key)).Select(a => new TagChange(a.Key, TagChangeKind.Gained, null, a.Value)));
        changes.Sort((x, y) => string.CompareOrdinal(x.Tag, y.Tag));
        return changes;
    }
}

namespace Helix.Bench.Tags;

/// <summary>How many persons hold each tag value; a rule tag's value is the empty text.</summary>
internal sealed class TagCounts
{
    private readonly Dictionary<(string Tag, string Value), long> _counts = [];

    /// <summary>Tags held, over all persons.</summary>
    public long Holdings => _counts.Values.Sum();

    public IEnumerable<string> Tags => _counts.Keys.Select(k => k.Tag).Distinct(StringComparer.Ordinal);

    public void Add(string tag, string? value, long persons = 1)
    {
        var key = (tag, value ?? "");
        _counts[key] = _counts.GetValueOrDefault(key) + persons;
    }

    /// <summary>Every tag value whose count differs, with both counts, ordered by tag and value.</summary>
    public static IReadOnlyList<(string Tag, string Value, long Helix, long Sql)> Mismatches(TagCounts helix, TagCounts sql) =>
        [.. helix._counts.Keys.Union(sql._counts.Keys)
            .Select(k => (k.Tag, k.Value, Helix: helix._counts.GetValueOrDefault(k), Sql: sql._counts.GetValueOrDefault(k)))
            .Where(m => m.Helix != m.Sql)
            .OrderBy(m => m.Tag, StringComparer.Ordinal).ThenBy(m => m.Value, StringComparer.Ordinal)];
}

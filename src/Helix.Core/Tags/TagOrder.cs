using System.Runtime.CompilerServices;

namespace Helix.Core.Tags;

/// <summary>The evaluation order of a catalog's computed tags, found by a depth-first walk over tag references.</summary>
internal sealed class TagOrder
{
    // Keyed by instance, not by record equality, so the cache adds no member to TagCatalog's equality and a `with` copy gets its own.
    private static readonly ConditionalWeakTable<TagCatalog, TagOrder> Cache = [];

    private TagOrder(IReadOnlyList<TagDefinition> order, Dictionary<string, TagDefinition> byName)
    {
        Order = order;
        ByName = byName;
    }

    public IReadOnlyList<TagDefinition> Order { get; }

    public Dictionary<string, TagDefinition> ByName { get; }

    public static TagOrder Of(TagCatalog catalog) => Cache.GetValue(catalog, static c =>
    {
        var (order, cycles) = Sort(c.Tags);
        return cycles.Count == 0
            ? new TagOrder(order, ByNameOf(c.Tags))
            : throw new InvalidOperationException($"The tag catalog has a cycle ({string.Join(" → ", cycles[0])}); catalogs come from TagSpec.ParseCatalog, which rejects cycles.");
    });

    /// <summary>
    /// Rule and value tags, each after the rule and value tags it references, ties kept in document order;
    /// and every cycle found, as the names along it with the first repeated at the end (<c>a → b → a</c>).
    /// References to unknown tags are ignored here (the parser reports them).
    /// </summary>
    public static (IReadOnlyList<TagDefinition> Order, IReadOnlyList<IReadOnlyList<string>> Cycles) Sort(IReadOnlyList<TagDefinition> tags)
    {
        var byName = ByNameOf(tags);
        var order = new List<TagDefinition>();
        var cycles = new List<IReadOnlyList<string>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(TagDefinition tag)
        {
            if (done.Contains(tag.Name))
            {
                return;
            }

            var onPath = path.IndexOf(tag.Name);
            if (onPath >= 0)
            {
                cycles.Add([.. path.Skip(onPath), tag.Name]);
                return;
            }

            path.Add(tag.Name);
            foreach (var name in TagSpec.DependenciesOf(tag).Tags)
            {
                if (byName.TryGetValue(name, out var dependency) && dependency.Kind is TagKind.Rule or TagKind.Value)
                {
                    Visit(dependency);
                }
            }

            path.RemoveAt(path.Count - 1);
            done.Add(tag.Name);
            order.Add(tag);
        }

        foreach (var tag in tags.Where(t => t.Kind is TagKind.Rule or TagKind.Value))
        {
            Visit(tag);
        }

        return (order, cycles);
    }

    // The first definition wins a duplicated name; the parser rejects duplicates, hand-made catalogs may not.
    private static Dictionary<string, TagDefinition> ByNameOf(IReadOnlyList<TagDefinition> tags)
    {
        var byName = new Dictionary<string, TagDefinition>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            byName.TryAdd(tag.Name, tag);
        }

        return byName;
    }
}

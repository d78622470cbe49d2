namespace Helix.Core.Analytics;

/// <summary>
/// Folds distinct paths into a Sankey diagram. A path shorter than the query's steps gets an <c>(end)</c> node at the
/// step after its last event and no nodes beyond. At each step after the anchor the <c>limit</c> names with the most
/// persons (ties by ordinal name) keep their name, the rest are <c>(other)</c>; the anchor's names are all kept (the
/// anchor filter lists them). Links join a step's node to the next step's node the same persons reached.
/// </summary>
public static class PathsSankey
{
    public static PathsResult Build(IEnumerable<RawPath> paths, int steps, int limit)
    {
        var all = paths.ToList();
        var kept = new HashSet<string>[steps + 1];
        kept[0] = [.. all.Select(p => p.Anchor)];
        for (var step = 1; step <= steps; step++)
        {
            kept[step] = [.. all.Where(p => p.Events.Count >= step)
                .GroupBy(p => p.Events[step - 1], StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Persons: g.Sum(p => p.Persons)))
                .OrderByDescending(g => g.Persons).ThenBy(g => g.Name, StringComparer.Ordinal)
                .Take(limit)
                .Select(g => g.Name)];
        }

        var nodes = new Dictionary<(int, string), long>();
        var links = new Dictionary<(int, string, string), long>();
        foreach (var path in all)
        {
            var names = Names(path, steps, kept);
            for (var step = 0; step < names.Count; step++)
            {
                nodes[(step, names[step])] = nodes.GetValueOrDefault((step, names[step])) + path.Persons;
                if (step > 0)
                {
                    links[(step, names[step - 1], names[step])] = links.GetValueOrDefault((step, names[step - 1], names[step])) + path.Persons;
                }
            }
        }

        return new PathsResult(
            all.Sum(p => p.Persons),
            [.. nodes.Select(n => new PathNode(n.Key.Item1, n.Key.Item2, n.Value)).OrderBy(n => n.Step).ThenByDescending(n => n.Persons).ThenBy(n => n.Name, StringComparer.Ordinal)],
            [.. links.Select(l => new PathLink(l.Key.Item1, l.Key.Item2, l.Key.Item3, l.Value))
                .OrderBy(l => l.Step).ThenByDescending(l => l.Persons).ThenBy(l => l.From, StringComparer.Ordinal).ThenBy(l => l.To, StringComparer.Ordinal)]);
    }

    /// <summary>The path's node names step by step: the anchor, its events (or <c>(other)</c>), then <c>(end)</c> if it stopped short.</summary>
    private static List<string> Names(RawPath path, int steps, HashSet<string>[] kept)
    {
        var names = new List<string>(steps + 1) { path.Anchor };
        for (var step = 1; step <= steps; step++)
        {
            if (step > path.Events.Count)
            {
                names.Add(PathsResult.End);
                break;
            }

            var name = path.Events[step - 1];
            names.Add(kept[step].Contains(name) ? name : PathsResult.Other);
        }

        return names;
    }
}

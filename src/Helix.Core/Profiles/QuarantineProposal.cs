using Helix.Core.Identity;

namespace Helix.Core.Profiles;

/// <summary>
/// The split that undoes a mega-profile: detach <paramref name="Hub"/>, the identifier whose removal
/// cuts the person's identity graph into the most pieces, leaving <paramref name="PersonsAfter"/>
/// connected groups of identifiers. The count is read from the graph's links; the detach itself
/// refolds the person from its events, which normally gives the same persons.
/// </summary>
public sealed record QuarantineProposal(Identifier Hub, int PersonsAfter)
{
    /// <summary>
    /// The best identifier to detach: most pieces; on a tie the weaker type (a larger priority number,
    /// so a custom till id before a phone), then type and value in ordinal order. Null when no single
    /// identifier splits the person (then separate two identifiers instead). Pure and linear in the
    /// size of the graph (articulation points by one depth-first search).
    /// </summary>
    public static QuarantineProposal? For(IdentityGraphView graph, IdentityRules rules)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(rules);
        var nodes = graph.Identifiers.Select(l => l.Identifier).Distinct().ToList();
        var index = nodes.Select((identifier, i) => (identifier, i)).ToDictionary(p => p.identifier, p => p.i);
        var neighbours = nodes.Select(_ => new List<int>()).ToArray();
        var edges = new HashSet<(int, int)>();
        foreach (var link in graph.Links)
        {
            if (index.TryGetValue(link.From, out var from) && index.TryGetValue(link.To, out var to) && from != to
                && edges.Add((Math.Min(from, to), Math.Max(from, to))))
            {
                neighbours[from].Add(to);
                neighbours[to].Add(from);
            }
        }

        var piecesWithout = PiecesWithout(neighbours, out var components);
        QuarantineProposal? best = null;
        var bestPriority = 0;
        for (var v = 0; v < nodes.Count; v++)
        {
            var after = components - 1 + piecesWithout[v];
            var priority = rules.Definition(nodes[v].Type).Priority;
            if (best is null || after > best.PersonsAfter || (after == best.PersonsAfter && IsWeaker(nodes[v], priority, best.Hub, bestPriority)))
            {
                (best, bestPriority) = (new QuarantineProposal(nodes[v], after), priority);
            }
        }

        return best is { PersonsAfter: >= 2 } ? best : null;
    }

    private static bool IsWeaker(Identifier candidate, int priority, Identifier current, int currentPriority) =>
        priority != currentPriority
            ? priority > currentPriority
            : string.CompareOrdinal(candidate.Type, current.Type) is var byType && byType != 0
                ? byType < 0
                : string.CompareOrdinal(candidate.Value, current.Value) < 0;

    /// <summary>
    /// For every node, how many pieces its own connected component falls into without it (0 for an
    /// isolated node); <paramref name="components"/> is the number of components of the whole graph.
    /// Tarjan's articulation points with an explicit stack, so a long chain cannot overflow the stack.
    /// </summary>
    private static int[] PiecesWithout(List<int>[] neighbours, out int components)
    {
        var count = neighbours.Length;
        var discovered = new int[count];
        var low = new int[count];
        var pieces = new int[count];
        var next = new int[count];
        var parent = new int[count];
        var time = 0;
        components = 0;
        var stack = new Stack<int>();
        for (var root = 0; root < count; root++)
        {
            if (discovered[root] != 0)
            {
                continue;
            }

            components++;
            discovered[root] = low[root] = ++time;
            parent[root] = -1;
            stack.Push(root);
            while (stack.Count > 0)
            {
                var v = stack.Peek();
                if (next[v] < neighbours[v].Count)
                {
                    var w = neighbours[v][next[v]++];
                    if (discovered[w] == 0)
                    {
                        discovered[w] = low[w] = ++time;
                        parent[w] = v;
                        stack.Push(w);
                    }
                    else if (w != parent[v])
                    {
                        low[v] = Math.Min(low[v], discovered[w]);
                    }

                    continue;
                }

                stack.Pop();
                if (parent[v] is var p && p >= 0)
                {
                    low[p] = Math.Min(low[p], low[v]);
                    if (low[v] >= discovered[p])
                    {
                        // v's subtree hangs on p alone: without p it is a piece of its own.
                        pieces[p]++;
                    }
                }
            }
        }

        for (var v = 0; v < count; v++)
        {
            if (parent[v] >= 0)
            {
                // A node that is not a root also leaves the piece that holds its parent.
                pieces[v]++;
            }
        }

        return pieces;
    }
}

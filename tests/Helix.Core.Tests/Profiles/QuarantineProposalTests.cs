using FsCheck.Xunit;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>The proposed split of a quarantined person: the identifier whose removal cuts its identity graph into the most pieces.</summary>
public sealed class QuarantineProposalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static Identifier Id(string text) => text.Split(':') is [var type, var value] ? new Identifier(type, value) : throw new ArgumentException(text);

    /// <summary>A graph of <paramref name="nodes"/> with a link for each pair in <paramref name="edges"/> ("a-b" by index).</summary>
    private static IdentityGraphView Graph(string[] nodes, params (int From, int To)[] edges) =>
        new(new PersonId("p"),
            [.. nodes.Select(n => new IdentifierLink(Id(n), T0))],
            [.. edges.Select((e, i) => new IdentityLink(Id(nodes[e.From]), Id(nodes[e.To]), IdentityLinkKind.Merged, i, $"m{i}", new SourceId("s"), T0))]);

    [Fact]
    public void Star_ProposesTheHub()
    {
        var graph = Graph(
            ["taobao_ouid:o1", "anonymous_id:a1", "till_id:till-7", "anonymous_id:a2", "taobao_ouid:o2", "anonymous_id:a3", "taobao_ouid:o3"],
            (1, 0), (2, 1), (2, 3), (4, 3), (2, 5), (6, 5));

        var proposal = QuarantineProposal.For(graph, IdentityRules.Default);

        Assert.Equal(new QuarantineProposal(new Identifier("till_id", "till-7"), 3), proposal);
    }

    [Fact]
    public void Tie_PrefersTheWeakerType()
    {
        var graph = Graph(["user_id:u", "phone:+8613800000001", "anonymous_id:a", "email:e@x.cn"], (0, 1), (1, 2), (2, 3));

        Assert.Equal(new QuarantineProposal(new Identifier("anonymous_id", "a"), 2), QuarantineProposal.For(graph, IdentityRules.Default));
    }

    [Fact]
    public void Tie_OfTheSameType_PrefersTheLowerValue()
    {
        var graph = Graph(["user_id:u", "anonymous_id:x2", "anonymous_id:x1", "email:e@x.cn"], (0, 1), (1, 2), (2, 3));

        Assert.Equal(new Identifier("anonymous_id", "x1"), QuarantineProposal.For(graph, IdentityRules.Default)?.Hub);
    }

    [Fact]
    public void NoSingleIdentifierSplitsIt_NoProposal()
    {
        var cycle = Graph(["user_id:u", "anonymous_id:a", "anonymous_id:b"], (0, 1), (1, 2), (2, 0));
        var single = Graph(["user_id:u"]);

        Assert.Null(QuarantineProposal.For(cycle, IdentityRules.Default));
        Assert.Null(QuarantineProposal.For(single, IdentityRules.Default));
    }

    [Fact]
    public void LongChain_DoesNotOverflowTheStack()
    {
        var nodes = Enumerable.Range(0, 200_000).Select(i => $"anonymous_id:a{i:D6}").ToArray();

        var proposal = QuarantineProposal.For(Graph(nodes, [.. Enumerable.Range(1, nodes.Length - 1).Select(i => (i - 1, i))]), IdentityRules.Default);

        Assert.Equal(new QuarantineProposal(new Identifier("anonymous_id", "a000001"), 2), proposal);
    }

    /// <summary>Against brute force: the proposal's count is right, and no identifier's removal gives more pieces.</summary>
    [Property(MaxTest = 300)]
    public bool ProposedHub_GivesAtLeastAsManyPiecesAsAnyOtherIdentifier(byte[] links, byte size)
    {
        var count = 1 + size % 12;
        var nodes = Enumerable.Range(0, count).Select(i => i % 3 == 0 ? $"anonymous_id:a{i}" : $"till_id:t{i}").ToArray();
        var edges = links.Select(b => (b % count, b / 16 % count)).ToArray();
        var graph = Graph(nodes, edges);

        var proposal = QuarantineProposal.For(graph, IdentityRules.Default);

        var best = nodes.Max(n => PiecesWithout(graph, Id(n)));
        return proposal is null
            ? best < 2
            : proposal.PersonsAfter == PiecesWithout(graph, proposal.Hub) && proposal.PersonsAfter == best;
    }

    /// <summary>The oracle: connected components of the graph without <paramref name="removed"/>, by union-find.</summary>
    private static int PiecesWithout(IdentityGraphView graph, Identifier removed)
    {
        var parent = graph.Identifiers.Select(l => l.Identifier).Where(i => i != removed).ToDictionary(i => i, i => i);
        Identifier Root(Identifier i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        foreach (var link in graph.Links.Where(l => parent.ContainsKey(l.From) && parent.ContainsKey(l.To)))
        {
            parent[Root(link.From)] = Root(link.To);
        }

        return parent.Keys.Select(Root).Distinct().Count();
    }
}

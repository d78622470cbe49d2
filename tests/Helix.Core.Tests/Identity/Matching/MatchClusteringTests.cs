using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

public sealed class MatchClusteringTests
{
    private static MatchCandidate Pair(string left, string right, MatchDecision decision = MatchDecision.AutoMerge) =>
        new(default, left, right, 20.0, [], decision);

    [Fact]
    public void ChainedPairs_BecomeOneGroup_ReviewPairsJoinNothing()
    {
        MatchCandidate[] candidates = [Pair("c", "b"), Pair("a", "b"), Pair("x", "y"), Pair("y", "z", MatchDecision.Review)];

        var clusters = MatchClustering.Clusters(candidates);

        Assert.Equal(2, clusters.Count);
        Assert.Equal(["a", "b", "c"], clusters[0]);
        Assert.Equal(["x", "y"], clusters[1]);
    }

    [Fact]
    public void AnyOrder_GivesTheSameGroups()
    {
        var candidates = new[] { Pair("r1", "r5"), Pair("r9", "r2"), Pair("r5", "r7"), Pair("r2", "r3"), Pair("r0", "r4") };

        var forward = MatchClustering.Clusters(candidates);
        var backward = MatchClustering.Clusters(candidates.Reverse());

        Assert.Equal(forward, backward);
        Assert.Equal(["r1", "r5", "r7"], forward[1]);
    }
}

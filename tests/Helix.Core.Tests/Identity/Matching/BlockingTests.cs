using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

public sealed class BlockingTests
{
    private static readonly BlockingRule BySurname = new("surname", r => r.Values[0]);
    private static readonly BlockingRule ByPostcode = new("postcode", r => r.Values[1]);

    private static MatchRecord Record(string id, string? surname, string? postcode) => new(id, [surname, postcode]);

    private static MatchRecord[] People() =>
    [
        Record("a", "smith", "4000"),
        Record("b", "smith", "4001"),
        Record("c", "jones", "4000"),
        Record("d", "smith", "4000"),
        Record("e", null, "5000"),
        Record("f", "brown", null),
    ];

    [Fact]
    public void Dedupe_UnionOfRules_EachPairOnceWithLeftBelowRight()
    {
        var tables = MatchTables.Dedupe(People());

        var result = Blocking.CandidatePairs(tables, [BySurname, ByPostcode]);

        Assert.Equal([new(0, 1), new(0, 2), new(0, 3), new(1, 3), new(2, 3)], result.Pairs);
        Assert.Equal(0, result.SkippedBlocks);
    }

    [Fact]
    public void MissingKey_PutsTheRecordInNoBlock()
    {
        var tables = MatchTables.Dedupe([Record("x", null, null), Record("y", null, null), Record("z", "", "")]);

        var result = Blocking.CandidatePairs(tables, [BySurname, ByPostcode]);

        Assert.Empty(result.Pairs);
    }

    [Fact]
    public void Link_OnlyPairsAcrossTheTables()
    {
        var left = new[] { Record("l0", "smith", "4000"), Record("l1", "smith", "4001") };
        var right = new[] { Record("r0", "smith", "9999"), Record("r1", "jones", "4001") };

        var result = Blocking.CandidatePairs(MatchTables.Link(left, right), [BySurname, ByPostcode]);

        Assert.Equal([new(0, 0), new(1, 0), new(1, 1)], result.Pairs);
    }

    [Fact]
    public void BlockOverTheCap_IsSkippedAndCounted()
    {
        var records = Enumerable.Range(0, 10).Select(i => Record($"r{i}", "smith", i < 2 ? "4000" : $"{5000 + i}")).ToArray();

        var result = Blocking.CandidatePairs(MatchTables.Dedupe(records), [BySurname, ByPostcode], maxBlockSize: 5);

        Assert.Equal([new RecordPair(0, 1)], result.Pairs);
        Assert.Equal(1, result.SkippedBlocks);
        Assert.Equal(45, result.SkippedPairs);
    }

    [Fact]
    public void LinkBlockCap_CountsBothSides()
    {
        var left = Enumerable.Range(0, 3).Select(i => Record($"l{i}", "smith", null)).ToArray();
        var right = Enumerable.Range(0, 3).Select(i => Record($"r{i}", "smith", null)).ToArray();

        var capped = Blocking.CandidatePairs(MatchTables.Link(left, right), [BySurname], maxBlockSize: 5);
        var allowed = Blocking.CandidatePairs(MatchTables.Link(left, right), [BySurname], maxBlockSize: 6);

        Assert.Empty(capped.Pairs);
        Assert.Equal(9, capped.SkippedPairs);
        Assert.Equal(9, allowed.Pairs.Count);
    }

    [Fact]
    public void RuleOrder_DoesNotChangeThePairs()
    {
        var tables = MatchTables.Dedupe(People());

        var forward = Blocking.CandidatePairs(tables, [BySurname, ByPostcode]);
        var backward = Blocking.CandidatePairs(tables, [ByPostcode, BySurname]);

        Assert.Equal(forward.Pairs, backward.Pairs);
    }
}

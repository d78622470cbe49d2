using Helix.Core.Identity.Matching;

namespace Helix.Core.Tests.Identity.Matching;

public sealed class ExpectationMaximisationTests
{
    private const double TrueLambda = 0.05;

    // [field][level], levels Disagree, Partial, Close, Exact; the last field only ever agrees or not, like a state.
    private static readonly double[][] TrueM =
    [
        [0.05, 0.05, 0.15, 0.75],
        [0.10, 0.05, 0.05, 0.80],
        [0.02, 0.03, 0.05, 0.90],
        [0.20, 0.00, 0.00, 0.80],
    ];

    private static readonly double[][] TrueU =
    [
        [0.85, 0.08, 0.05, 0.02],
        [0.70, 0.15, 0.10, 0.05],
        [0.95, 0.02, 0.02, 0.01],
        [0.75, 0.00, 0.00, 0.25],
    ];

    /// <summary>Comparison vectors drawn from the true model, 5% of fields missing; returned in drawing order.</summary>
    private static List<ComparisonLevel[]> Draw(int pairs, int seed)
    {
        var random = new Random(seed);
        var vectors = new List<ComparisonLevel[]>(pairs);
        for (var p = 0; p < pairs; p++)
        {
            var probabilities = random.NextDouble() < TrueLambda ? TrueM : TrueU;
            vectors.Add([.. probabilities.Select(levels => random.NextDouble() < 0.05 ? ComparisonLevel.Missing : DrawLevel(levels, random))]);
        }

        return vectors;
    }

    private static ComparisonLevel DrawLevel(double[] levels, Random random)
    {
        var x = random.NextDouble();
        var level = 0;
        while (level < levels.Length - 1 && x >= levels[level])
        {
            x -= levels[level++];
        }

        return (ComparisonLevel)level;
    }

    private static PatternCounts Count(IEnumerable<ComparisonLevel[]> vectors)
    {
        var counts = new PatternCounts(TrueM.Length);
        foreach (var vector in vectors)
        {
            counts.Add(vector);
        }

        return counts;
    }

    /// <summary>What random pairs would give: the level frequencies over all pairs, nearly all of them non-matches.</summary>
    private static double[][] ObservedFrequencies(List<ComparisonLevel[]> vectors) =>
        [.. Enumerable.Range(0, TrueM.Length).Select(f =>
        {
            var present = vectors.Where(v => v[f] != ComparisonLevel.Missing).ToList();
            return Enumerable.Range(0, MatchModel.LevelCount).Select(l => Math.Max(1e-6, present.Count(v => (int)v[f] == l) / (double)present.Count)).ToArray();
        })];

    [Fact]
    public void SyntheticPairs_RecoverTheTrueMAndU()
    {
        var vectors = Draw(200_000, seed: 7);

        var result = ExpectationMaximisation.Run(Count(vectors), ObservedFrequencies(vectors), new MatchEstimationOptions());

        Assert.True(result.Converged);
        Assert.Equal(TrueLambda, result.Lambda, 0.005);
        for (var f = 0; f < TrueM.Length; f++)
        {
            for (var l = 0; l < MatchModel.LevelCount; l++)
            {
                Assert.Equal(TrueM[f][l], result.M[f][l], 0.02);
                Assert.Equal(TrueU[f][l], result.U[f][l], 0.01);
            }
        }
    }

    [Fact]
    public void PairOrder_DoesNotChangeTheResult_BitForBit()
    {
        var vectors = Draw(20_000, seed: 11);
        var initialU = ObservedFrequencies(vectors);
        var shuffled = vectors.ToArray();
        new Random(3).Shuffle(shuffled);

        var first = ExpectationMaximisation.Run(Count(vectors), initialU, new MatchEstimationOptions());
        var second = ExpectationMaximisation.Run(Count(shuffled), initialU, new MatchEstimationOptions());

        Assert.Equal(BitConverter.DoubleToInt64Bits(first.Lambda), BitConverter.DoubleToInt64Bits(second.Lambda));
        Assert.Equal(first.M.SelectMany(m => m).Select(BitConverter.DoubleToInt64Bits), second.M.SelectMany(m => m).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(first.U.SelectMany(u => u).Select(BitConverter.DoubleToInt64Bits), second.U.SelectMany(u => u).Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void NeverSeenLevel_IsClampedAwayFromZero()
    {
        var vectors = Draw(20_000, seed: 5);

        var result = ExpectationMaximisation.Run(Count(vectors), ObservedFrequencies(vectors), new MatchEstimationOptions());

        Assert.All(result.M.Concat(result.U).SelectMany(p => p), p => Assert.InRange(p, 1e-6, 1 - 1e-6));
        Assert.Equal(1e-6, result.M[3][(int)ComparisonLevel.Close]);
    }

    [Fact]
    public void NoPairs_IsAnError()
    {
        Assert.Throws<ArgumentException>(() => ExpectationMaximisation.Run(new PatternCounts(2), [[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]], new MatchEstimationOptions()));
    }
}

using Helix.Core.Audiences.Lookalike;
using Microsoft.ML;

namespace Helix.Core.Tests.Audiences.Lookalike;

public sealed class BinaryAucTests
{
    // Positives score 0.9, 0.6, 0.4; negatives 0.7, 0.4, 0.2, 0.1. Of the 12 pairs the positive wins
    // 4 (0.9) + 3 (0.6) + 2 (0.4 over 0.2 and 0.1) and ties 1 (0.4 = 0.4, worth ½): 9.5 / 12.
    private static readonly bool[] Labels = [true, false, true, false, true, false, false];
    private static readonly double[] Scores = [0.9, 0.7, 0.6, 0.4, 0.4, 0.2, 0.1];
    private const double HandWorked = 9.5 / 12;

    [Fact]
    public void HandWorkedExample_WithATie()
    {
        Assert.Equal(HandWorked, BinaryAuc.Compute(Labels, Scores), 12);
    }

    [Fact]
    public void MlNetEvaluate_AgreesWithTheHandWorkedExample()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Labels.Zip(Scores, (l, s) => new Prediction
        {
            Label = l,
            Score = (float)s,
            Probability = (float)s,
            PredictedLabel = s >= 0.5,
        }));

        var metrics = ml.BinaryClassification.Evaluate(data);

        Assert.Equal(HandWorked, metrics.AreaUnderRocCurve, 6);
    }

    [Fact]
    public void PerfectAndReversedOrders_GiveOneAndZero()
    {
        Assert.Equal(1.0, BinaryAuc.Compute([false, true], [0.1, 0.2]));
        Assert.Equal(0.0, BinaryAuc.Compute([false, true], [0.2, 0.1]));
        Assert.Equal(0.5, BinaryAuc.Compute([false, true, false, true], [1, 1, 1, 1]));
    }

    [Fact]
    public void OneClassOnly_Throws()
    {
        Assert.Throws<ArgumentException>(() => BinaryAuc.Compute([true, true], [0.1, 0.2]));
    }

    private sealed class Prediction
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}

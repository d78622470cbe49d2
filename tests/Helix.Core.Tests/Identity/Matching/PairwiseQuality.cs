using System.Globalization;

namespace Helix.Core.Tests.Identity.Matching;

/// <summary>
/// Pairwise quality against the ground truth. Recall is over all true pairs, so a true pair that
/// blocking never proposed counts as missed; pairs completeness is the share blocking kept.
/// </summary>
internal sealed record PairwiseQuality(long TruePairs, long CandidatePairs, long TrueCandidatePairs, long Predicted, long TruePositives)
{
    public double Precision => Predicted == 0 ? 0.0 : (double)TruePositives / Predicted;

    public double Recall => (double)TruePositives / TruePairs;

    public double F1 => Precision + Recall == 0 ? 0.0 : 2 * Precision * Recall / (Precision + Recall);

    public double PairsCompleteness => (double)TrueCandidatePairs / TruePairs;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"P {Precision:0.0000} R {Recall:0.0000} F1 {F1:0.0000} | {CandidatePairs} candidates, pairs completeness {PairsCompleteness:0.0000} ({TrueCandidatePairs}/{TruePairs}), predicted {Predicted}, true positives {TruePositives}");
}

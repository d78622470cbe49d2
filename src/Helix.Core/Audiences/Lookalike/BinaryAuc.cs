namespace Helix.Core.Audiences.Lookalike;

/// <summary>The area under the ROC curve, computed exactly as the Mann–Whitney statistic.</summary>
public static class BinaryAuc
{
    /// <summary>
    /// The share of (positive, negative) pairs in which the positive scores higher, a tie counting half.
    /// Throws when either class is empty: the AUC is undefined there.
    /// </summary>
    public static double Compute(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count)
        {
            throw new ArgumentException("labels and scores differ in length", nameof(scores));
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positives = 0, negatives = 0, rankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            // Tied scores share the mean of their 1-based ranks.
            var rank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positives++;
                    rankSum += rank;
                }
                else
                {
                    negatives++;
                }
            }

            start = end + 1;
        }

        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("the AUC needs at least one positive and one negative", nameof(labels));
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}

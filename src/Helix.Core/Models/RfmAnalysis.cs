namespace Helix.Core.Models;

public static class RfmAnalysis
{
    /// <summary>Scores every customer and puts each in exactly one of the 8 groups. Deterministic: input order does not change anyone's result.</summary>
    public static RfmResult Run(IReadOnlyList<RfmObservation> population, RfmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(population);
        options ??= new RfmOptions();
        var rule = options.GroupRule ?? new RfmGroupRule();
        var cuts = options.CutPoints ?? (population.Count == 0
            ? new RfmCutPoints([], [], [])
            : RfmCutPoints.Quantiles(population, options.Bins));
        var scores = population.Select(cuts.Score).ToArray();
        var reference = rule.Resolve(scores);
        return new RfmResult(cuts, reference, [.. scores.Select(s => new RfmAssignment(s, rule.Classify(s, reference)))]);
    }
}

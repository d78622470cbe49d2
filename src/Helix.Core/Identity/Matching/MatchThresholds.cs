namespace Helix.Core.Identity.Matching;

/// <summary>
/// The two score thresholds, in bits: from <see cref="AutoMerge"/> a pair is merged without asking, from
/// <see cref="Review"/> it is proposed for review. Two thresholds because a wrong merge costs more than a
/// missed one, and the uncertain middle is where a person's judgement is worth its time.
/// </summary>
public sealed record MatchThresholds
{
    public MatchThresholds(double review, double autoMerge)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(review, autoMerge);
        Review = review;
        AutoMerge = autoMerge;
    }

    public double Review { get; }

    public double AutoMerge { get; }

    public MatchDecision Decide(double score) =>
        score >= AutoMerge ? MatchDecision.AutoMerge
        : score >= Review ? MatchDecision.Review
        : MatchDecision.NoMatch;
}

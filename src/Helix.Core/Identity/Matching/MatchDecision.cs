namespace Helix.Core.Identity.Matching;

/// <summary>What a pair's score means for the persons: nothing, a question to a person, or a merge.</summary>
public enum MatchDecision
{
    NoMatch,

    /// <summary>Between the thresholds: likely enough to show a data steward, not enough to merge unasked.</summary>
    Review,

    AutoMerge,
}

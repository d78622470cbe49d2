namespace Helix.Core.Identity.Matching;

/// <summary>
/// How well two values of one field agree, as a small discrete scale: the model learns one m and one
/// u probability per level, so a few levels are enough and keep the estimates stable.
/// </summary>
public enum ComparisonLevel
{
    /// <summary>Either side is empty: the field is no evidence either way and contributes 0 bits.</summary>
    Missing = -1,

    Disagree = 0,

    /// <summary>Weak agreement: e.g. Jaro–Winkler above the partial threshold, same year and month of birth.</summary>
    Partial = 1,

    /// <summary>Strong agreement short of equality: one typo, a transposition, Jaro–Winkler above the close threshold.</summary>
    Close = 2,

    Exact = 3,
}

namespace Helix.Core.Identity.Matching.Persons;

/// <summary>Two persons the matcher thinks are one customer, with the score, the decision and the evidence field by field.</summary>
public sealed record PersonMatch(
    MatchablePerson Left, MatchablePerson Right, double Score, double Probability, MatchDecision Decision, IReadOnlyList<FieldEvidence> Evidence)
{
    /// <summary>The pair regardless of order, by anchors: how a steward's rejection is remembered across runs.</summary>
    public (Identifier, Identifier) Key => AnchorPair(Left.Anchor, Right.Anchor);

    public static (Identifier, Identifier) AnchorPair(Identifier a, Identifier b) =>
        string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);
}

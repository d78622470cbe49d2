namespace Helix.Core.Identity.Matching;

/// <summary>
/// A pair worth acting on, with what it takes to explain the decision: the levels field by field (in
/// the model's field order) and the total score in bits.
/// </summary>
public sealed record MatchCandidate(
    RecordPair Pair, string LeftId, string RightId, double Score, IReadOnlyList<ComparisonLevel> Levels, MatchDecision Decision);

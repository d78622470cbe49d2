namespace Helix.Core.Identity.Matching;

/// <summary>
/// One field of a match model: its name, its comparator and, for Jaro–Winkler, the similarities that
/// count as close and partial. Defined as data so a workspace can store and change its model.
/// </summary>
public sealed record MatchField(string Name, ComparatorKind Comparator)
{
    /// <summary>Jaro–Winkler similarity from which two different values are Close (0.94: one typo in a short name).</summary>
    public double CloseThreshold { get; init; } = 0.94;

    /// <summary>Jaro–Winkler similarity from which two different values are Partial.</summary>
    public double PartialThreshold { get; init; } = 0.88;

    public ComparisonLevel Compare(string? left, string? right) => Comparator switch
    {
        ComparatorKind.Exact => ExactComparator.Compare(left, right),
        ComparatorKind.JaroWinkler => JaroWinkler.Compare(left, right, CloseThreshold, PartialThreshold),
        ComparatorKind.ChineseName => ChineseNameComparator.Compare(left, right),
        ComparatorKind.Date => DateComparator.Compare(left, right),
        ComparatorKind.Numeric => NumericComparator.Compare(left, right),
        ComparatorKind.Phone => PhoneComparator.Compare(left, right),
        _ => throw new InvalidOperationException($"Unknown comparator {Comparator} for field {Name}."),
    };
}

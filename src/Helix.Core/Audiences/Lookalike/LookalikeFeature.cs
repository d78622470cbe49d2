namespace Helix.Core.Audiences.Lookalike;

/// <summary>One slot of the feature vector: which number or category it comes from and how.</summary>
/// <param name="Source">The number's name or the category string.</param>
public sealed record LookalikeFeature(LookalikeFeatureKind Kind, string Source)
{
    /// <summary>A label for people: <c>orders_30d</c>, <c>orders_30d missing</c>, <c>tag:rfm=important_value</c>.</summary>
    public string Name => Kind == LookalikeFeatureKind.Missing ? $"{Source} missing" : Source;
}

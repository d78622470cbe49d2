namespace Helix.Core.Tags;

/// <summary>
/// A workspace's tag categories and tags. Treat it as an immutable value: the evaluation order is computed
/// once per instance (a <c>with</c> copy computes its own), so the lists must not change after construction.
/// </summary>
public sealed record TagCatalog(IReadOnlyList<TagCategory> Categories, IReadOnlyList<TagDefinition> Tags)
{
    /// <summary>Rule and value tags in dependency order (a tag after the tags its condition references), otherwise in document order.</summary>
    /// <exception cref="InvalidOperationException">The rule tags reference each other in a cycle: the catalog was not made by <see cref="TagSpec.ParseCatalog"/>.</exception>
    public IReadOnlyList<TagDefinition> EvaluationOrder => TagOrder.Of(this).Order;

    /// <summary>The tag named <paramref name="name"/>, or null.</summary>
    public TagDefinition? Find(string name) => TagOrder.Of(this).ByName.GetValueOrDefault(name);
}

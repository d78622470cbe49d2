namespace Helix.Core.Tags;

/// <summary>The names a tag definition reads, each list distinct and sorted ordinally.</summary>
public sealed record TagDependencies(IReadOnlyList<string> Traits, IReadOnlyList<string> Computed, IReadOnlyList<string> Tags);

namespace Helix.Core.Tags;

/// <summary>Where a condition reads a fact: a stored or derived trait, or a computed trait.</summary>
public enum FactSource
{
    Trait,
    Computed,
}

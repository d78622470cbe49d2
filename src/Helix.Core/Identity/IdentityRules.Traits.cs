using Helix.Core.Profiles;

namespace Helix.Core.Identity;

public sealed partial class IdentityRules
{
    /// <summary>Survivorship per trait name; a trait not listed keeps the most recent value.</summary>
    public IReadOnlyDictionary<string, TraitRule> TraitRules { get; init; } = new Dictionary<string, TraitRule>(StringComparer.Ordinal);

    /// <summary>The rule <paramref name="trait"/> survives by.</summary>
    public TraitRule TraitRuleFor(string trait) => TraitRules.TryGetValue(trait, out var rule) ? rule : TraitRule.Default(trait);
}

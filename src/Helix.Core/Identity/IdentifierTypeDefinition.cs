using System.Text.RegularExpressions;

namespace Helix.Core.Identity;

/// <summary>
/// How one identifier type behaves in a workspace: how values are normalised, how strongly it
/// identifies a person (<see cref="Priority"/>: 1 is strongest), how many values one person may hold,
/// and which values never identify anyone (a store's shared phone, an all-zero advertising id).
/// </summary>
public sealed record IdentifierTypeDefinition
{
    public required string Name { get; init; }

    public int Priority { get; init; } = 100;

    /// <summary>At most this many values of the type per person; null for no limit.</summary>
    public int? MaxPerPerson { get; init; }

    /// <summary>
    /// When set, <see cref="MaxPerPerson"/> counts only the values a person first showed within this
    /// window before the event (e.g. at most 5 new anonymous ids a week); older ones do not count.
    /// </summary>
    public TimeSpan? Window { get; init; }

    public IdentifierNormalization Normalization { get; init; } = IdentifierNormalization.Trim;

    /// <summary>
    /// Values only mean something together with the app or corp that issued them (a WeChat OpenID per
    /// app id, a WeCom external user id per corp id): the identifier is <c>scope/value</c>.
    /// </summary>
    public bool Scoped { get; init; }

    /// <summary>Only a <see cref="Workspaces.SourceTrust.Trusted"/> source's messages may link or merge on this type.</summary>
    public bool RequiresTrustedSource { get; init; }

    /// <summary>Values (after normalisation) that link nobody.</summary>
    public IReadOnlySet<string> BlockedValues { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Patterns (after normalisation) that link nobody, e.g. <c>^0+$</c>.</summary>
    public IReadOnlyList<Regex> BlockedPatterns { get; init; } = [];

    public bool IsBlocked(string normalizedValue) =>
        BlockedValues.Contains(normalizedValue) || BlockedPatterns.Any(p => p.IsMatch(normalizedValue));
}

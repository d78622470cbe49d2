namespace Helix.Core.Tags;

/// <summary>One tag's change on a person: gained (no old value), lost (no new value) or a value tag's value changed.</summary>
public sealed record TagChange(string Tag, TagChangeKind Kind, string? OldValue, string? NewValue);

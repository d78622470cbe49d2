namespace Helix.Core.Tags;

/// <summary>
/// One tag of the catalog. The kind-specific members are set for their kind only:
/// list — <see cref="IdentifierType"/> (the type of the imported identifiers, optional);
/// rule — <see cref="When"/>; value — <see cref="Of"/> and <see cref="Buckets"/> (checked in order);
/// model — <see cref="Model"/>. <see cref="TagSpec.ParseTag"/> guarantees this shape.
/// </summary>
public sealed record TagDefinition(
    string Name,
    TagKind Kind,
    string Category,
    string? Description,
    string? Owner,
    string? IdentifierType = null,
    Condition? When = null,
    FactRef? Of = null,
    IReadOnlyList<TagBucket>? Buckets = null,
    TagModel? Model = null);

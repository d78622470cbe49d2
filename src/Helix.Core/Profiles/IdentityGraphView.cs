namespace Helix.Core.Profiles;

/// <summary>A person's identifiers (each with the event that linked it) and the links between them.</summary>
public sealed record IdentityGraphView(PersonId PersonId, IReadOnlyList<IdentifierLink> Identifiers, IReadOnlyList<IdentityLink> Links);

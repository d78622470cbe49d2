namespace Helix.Core.Identity.Operations;

/// <summary>
/// A separate or detach in force. <paramref name="Scope"/> holds the identifiers of the person it split,
/// so that a revert can find the persons to resolve again wherever merges have since moved them.
/// </summary>
public sealed record ActiveIdentityOperation(IdentityOperation Operation, IReadOnlyList<Identifier> Scope);

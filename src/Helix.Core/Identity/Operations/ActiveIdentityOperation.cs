namespace Helix.Core.Identity.Operations;

/// <summary>
/// A separate, detach or merge in force, applied at log <paramref name="Position"/>. <paramref name="Scope"/>
/// holds the identifiers of the person it split (or, for a merge, formed), so that a revert can find the
/// persons to resolve again wherever merges have since moved them.
/// </summary>
public sealed record ActiveIdentityOperation(IdentityOperation Operation, IReadOnlyList<Identifier> Scope, long Position);

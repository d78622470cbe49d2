namespace Helix.Core.Identity.Operations;

/// <summary>The journal entry of an applied (or refused) operation: what it did, for audit and lineage.</summary>
/// <param name="Position">The log position of the operation.</param>
/// <param name="Rejection">Why it changed nothing (the person had merged away, an identifier had moved…); null when applied.</param>
/// <param name="Before">The persons resolved again, as they were.</param>
/// <param name="After">The persons their events belong to now.</param>
public sealed record IdentityOperationOutcome(
    IdentityOperation Operation,
    long Position,
    string? Rejection,
    IReadOnlyList<PersonOutline> Before,
    IReadOnlyList<PersonOutline> After)
{
    public bool Applied => Rejection is null;

    /// <summary>The revert that undid this operation, once one has.</summary>
    public string? RevertedBy { get; init; }
}

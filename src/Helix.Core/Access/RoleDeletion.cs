namespace Helix.Core.Access;

public enum RoleDeletionOutcome
{
    Deleted,
    NotFound,

    /// <summary>Unrevoked keys (expired or not) carry the role: it stays, so none of them silently loses its permissions.</summary>
    InUse,
}

/// <param name="KeysUsingIt">With <see cref="RoleDeletionOutcome.InUse"/>: how many unrevoked keys carry the role.</param>
public sealed record RoleDeletion(RoleDeletionOutcome Outcome, int KeysUsingIt = 0);

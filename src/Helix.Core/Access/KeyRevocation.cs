using Helix.Core.Workspaces;

namespace Helix.Core.Access;

public enum KeyRevocationOutcome
{
    Revoked,

    /// <summary>Revoked before: nothing changed; <see cref="KeyRevocation.Key"/> shows when.</summary>
    AlreadyRevoked,

    /// <summary>No key of this id in the workspace (a key of another workspace is not found either).</summary>
    NotFound,

    /// <summary>The workspace's last active admin key: revoking it would leave nobody able to manage access.</summary>
    LastAdmin,
}

/// <param name="Key">The key after the attempt; null when not found.</param>
public sealed record KeyRevocation(KeyRevocationOutcome Outcome, ApiKey? Key);

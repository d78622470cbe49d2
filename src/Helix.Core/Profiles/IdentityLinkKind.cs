namespace Helix.Core.Profiles;

public enum IdentityLinkKind
{
    /// <summary>A new identifier seen together with a known one.</summary>
    Linked,

    /// <summary>Two persons met on this pair of identifiers and became one.</summary>
    Merged,

    /// <summary>Two persons were merged by a merge operation (a probabilistic match), not by a shared identifier.</summary>
    Asserted,
}

/// <summary>The names of <see cref="IdentityLinkKind"/> in the store and the API.</summary>
public static class IdentityLinkKinds
{
    public static string Wire(IdentityLinkKind kind) => kind switch
    {
        IdentityLinkKind.Linked => "linked",
        IdentityLinkKind.Merged => "merged",
        IdentityLinkKind.Asserted => "asserted",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <exception cref="FormatException">Not a link kind.</exception>
    public static IdentityLinkKind Parse(string wire) => wire switch
    {
        "linked" => IdentityLinkKind.Linked,
        "merged" => IdentityLinkKind.Merged,
        "asserted" => IdentityLinkKind.Asserted,
        _ => throw new FormatException($"Unknown identity link kind '{wire}'."),
    };
}

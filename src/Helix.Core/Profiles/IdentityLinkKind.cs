namespace Helix.Core.Profiles;

public enum IdentityLinkKind
{
    /// <summary>A new identifier seen together with a known one.</summary>
    Linked,

    /// <summary>Two persons met on this pair of identifiers and became one.</summary>
    Merged,
}

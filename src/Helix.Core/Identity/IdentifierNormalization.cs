namespace Helix.Core.Identity;

/// <summary>How the values of an identifier type are made comparable before they are linked.</summary>
public enum IdentifierNormalization
{
    /// <summary>Surrounding white space removed; otherwise exact.</summary>
    Trim,

    /// <summary>Trimmed and lower-cased (e-mail addresses).</summary>
    Email,

    /// <summary>E.164 (<c>+8613812345678</c>), with a default country of China for national numbers.</summary>
    Phone,

    /// <summary>Trimmed and upper-cased (IDFA, OAID and other device ids written in hex).</summary>
    UpperCase,
}

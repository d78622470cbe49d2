namespace Helix.Core.Workspaces;

/// <summary>
/// Whether a source's identifiers may join persons on high-trust types (phone, e-mail, member id…).
/// A server-side integration (CRM, POS, a marketplace's order feed) is trusted; a write key shipped
/// in a browser or an app is not: anyone can read it and send someone else's phone.
/// </summary>
public enum SourceTrust
{
    Trusted,
    Untrusted,
}

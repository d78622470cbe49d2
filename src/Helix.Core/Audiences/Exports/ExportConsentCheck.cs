namespace Helix.Core.Audiences.Exports;

/// <summary>
/// Whether a person may be exported for the purpose of the export at hand (the caller binds the purpose, for
/// example from the person's consents). Called at most once per person per export; must not throw.
/// </summary>
public delegate bool ExportConsentCheck(string personId);

namespace Helix.Core.Profiles;

/// <summary>A quarantined person as the alert list shows it, with the identity graph its split is proposed from.</summary>
public sealed record QuarantinedPerson(Quarantine Quarantine, int MergeCount, IdentityGraphView Graph);

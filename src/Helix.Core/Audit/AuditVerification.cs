namespace Helix.Core.Audit;

/// <summary>The result of walking a workspace's chain: intact, or the first sequence where it breaks and why.</summary>
public sealed record AuditVerification(bool Ok, long Entries, long? FirstBrokenSequence, string? Reason);

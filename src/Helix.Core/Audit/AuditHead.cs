namespace Helix.Core.Audit;

/// <summary>The last entry of a workspace's chain: what the next entry links to, and what the verifier ends at.</summary>
public readonly record struct AuditHead(long Sequence, string Hash);

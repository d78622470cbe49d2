namespace Helix.Core.Audit;

/// <summary>
/// A sealed audit record: its place in the workspace's chain, the hash of the entry before it and its own hash
/// (HMAC-SHA256 over its content and <paramref name="PreviousHash"/>, lower-case hex).
/// </summary>
public sealed record AuditEntry(long Sequence, AuditRecord Record, string PreviousHash, string Hash)
{
    public AuditHead Head => new(Sequence, Hash);
}

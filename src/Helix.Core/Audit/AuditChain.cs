using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Helix.Core.Audit;

/// <summary>
/// Seals audit records into a per-workspace hash chain. Each entry's hash is an HMAC-SHA256, under a key of the
/// installation, over the entry's canonical content (sequence, workspace and every field) and the previous entry's
/// hash. Changing, deleting or reordering a stored entry breaks the chain at that entry; someone without the key
/// cannot recompute the hashes to hide it. Someone with the key and write access to the store can (docs/audit.md).
/// </summary>
public sealed class AuditChain
{
    public const int KeyBytes = 32;

    /// <summary>What the first entry of a workspace links to.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string Version = "helix-audit-v1";
    private readonly byte[] _key;

    public AuditChain(ReadOnlySpan<byte> key)
    {
        if (key.Length < KeyBytes)
        {
            throw new ArgumentException($"An audit key has at least {KeyBytes} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The next entry after <paramref name="head"/> (null: the workspace has none yet).</summary>
    public AuditEntry Seal(AuditRecord record, AuditHead? head)
    {
        var sequence = (head?.Sequence ?? 0) + 1;
        var previous = head?.Hash ?? Genesis;
        return new AuditEntry(sequence, record, previous, HashOf(sequence, record, previous));
    }

    /// <summary>Whether the entry's hash is the one its content and previous hash give.</summary>
    public bool IsSealed(AuditEntry entry)
    {
        var expected = HashOf(entry.Sequence, entry.Record, entry.PreviousHash);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(entry.Hash));
    }

    /// <summary>
    /// Each field is length-prefixed (null: length -1), so no two different entries share a byte string. The time
    /// counts whole microseconds, the precision the store keeps.
    /// </summary>
    private string HashOf(long sequence, AuditRecord record, string previousHash)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Text(hmac, Version);
        Text(hmac, record.Workspace.Value);
        Number(hmac, sequence);
        Number(hmac, (record.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);
        Text(hmac, record.Actor.KeyId);
        Text(hmac, record.Actor.Name);
        Text(hmac, record.Actor.Role);
        Text(hmac, record.Action);
        Text(hmac, record.Target);
        Number(hmac, record.Outcome);
        Text(hmac, record.ClientAddress);
        Text(hmac, record.UserAgent);
        Text(hmac, record.RequestId);
        Text(hmac, previousHash);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    private static void Number(IncrementalHash hmac, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hmac.AppendData(bytes);
    }

    private static void Text(IncrementalHash hmac, string? value)
    {
        if (value is null)
        {
            Number(hmac, -1);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        Number(hmac, bytes.Length);
        hmac.AppendData(bytes);
    }
}

using System.Security.Cryptography;
using System.Text;
using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Erasure;

/// <summary>
/// A keyed hash (HMAC-SHA256) of a workspace's identifier: what Helix keeps of an erased person's identifiers
/// so that they stay suppressed, without keeping them. The key is a secret of the installation (a file under the
/// data directory by default), so a digest cannot be recomputed from a guessed phone number without it; anyone
/// who holds the key can still test a guess, which docs/privacy.md says plainly.
/// </summary>
public sealed class IdentifierDigest
{
    public const int KeyBytes = 32;
    private readonly byte[] _key;

    public IdentifierDigest(ReadOnlySpan<byte> key)
    {
        if (key.Length < KeyBytes)
        {
            throw new ArgumentException($"An identifier digest key has at least {KeyBytes} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Lower-case hex; the workspace, type and value are separated by a byte none of them contains.</summary>
    public string Of(WorkspaceId workspace, Identifier identifier) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{workspace.Value}\0{identifier.Type}\0{identifier.Value}")));
}

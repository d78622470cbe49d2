using System.Security.Cryptography;
using System.Text;

namespace Helix.Core.Privacy.Encryption;

/// <summary>
/// The default key provider: one 256-bit master key (a file under the data directory's <c>keys/</c>), from which
/// each workspace's key is derived with HKDF-SHA256, so the workspace keys need no storage of their own. Data
/// keys are wrapped with AES-256-GCM under the workspace key, the workspace as associated data.
/// </summary>
public sealed class LocalWorkspaceKeyProvider : IWorkspaceKeyProvider
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _masterKey;

    public LocalWorkspaceKeyProvider(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != PiiCipher.KeyBytes)
        {
            throw new ArgumentException($"A master key has {PiiCipher.KeyBytes} bytes.", nameof(masterKey));
        }

        _masterKey = masterKey.ToArray();
    }

    public byte[] Wrap(string workspace, ReadOnlySpan<byte> dataKey)
    {
        var wrapped = new byte[NonceBytes + TagBytes + dataKey.Length];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceBytes));
        using var aes = new AesGcm(WorkspaceKey(workspace), TagBytes);
        aes.Encrypt(wrapped.AsSpan(0, NonceBytes), dataKey, wrapped.AsSpan(NonceBytes + TagBytes), wrapped.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(workspace));
        return wrapped;
    }

    public byte[] Unwrap(string workspace, ReadOnlySpan<byte> wrappedKey)
    {
        if (wrappedKey.Length <= NonceBytes + TagBytes)
        {
            throw new CryptographicException("A wrapped key is too short.");
        }

        var dataKey = new byte[wrappedKey.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(WorkspaceKey(workspace), TagBytes);
        aes.Decrypt(wrappedKey[..NonceBytes], wrappedKey[(NonceBytes + TagBytes)..], wrappedKey.Slice(NonceBytes, TagBytes), dataKey, Encoding.UTF8.GetBytes(workspace));
        return dataKey;
    }

    private byte[] WorkspaceKey(string workspace) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _masterKey, PiiCipher.KeyBytes, salt: [], info: Encoding.UTF8.GetBytes($"helix/pii/workspace/{workspace}"));
}

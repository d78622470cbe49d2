using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Helix.Core.Privacy.Encryption;

/// <summary>
/// Seals one value with a person's data key: AES-256-GCM, a fresh 96-bit nonce per value, the workspace and
/// key id as associated data (a sealed value copied to another workspace or person does not open). The result
/// is text, so it fits any column or JSON string: <c>pii1:{keyId}:{base64url(nonce | tag | ciphertext)}</c>.
/// The key id names the data key, never the person's data (it is the person id the value was sealed for).
/// </summary>
public static class PiiCipher
{
    public const string Prefix = "pii1:";
    public const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static string Seal(ReadOnlySpan<byte> key, string workspace, string keyId, string plaintext)
    {
        var text = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + TagBytes + text.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, text, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), AssociatedData(workspace, keyId));
        return $"{Prefix}{keyId}:{Base64Url.EncodeToString(sealedBytes)}";
    }

    /// <summary>Whether <paramref name="value"/> is a sealed value, and if so the id of the key that opens it.</summary>
    public static bool IsSealed(string? value, [NotNullWhen(true)] out string? keyId)
    {
        keyId = null;
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var end = value.IndexOf(':', Prefix.Length);
        if (end <= Prefix.Length)
        {
            return false;
        }

        keyId = value[Prefix.Length..end];
        return true;
    }

    /// <summary>The plaintext, or null when the key is not the one the value was sealed with or the value was altered.</summary>
    public static string? Open(ReadOnlySpan<byte> key, string workspace, string sealedValue)
    {
        if (!IsSealed(sealedValue, out var keyId))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(sealedValue.AsSpan(Prefix.Length + keyId.Length + 1));
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var text = new byte[bytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(bytes.AsSpan(0, NonceBytes), bytes.AsSpan(NonceBytes + TagBytes), bytes.AsSpan(NonceBytes, TagBytes), text, AssociatedData(workspace, keyId));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(text);
    }

    private static byte[] AssociatedData(string workspace, string keyId) => Encoding.UTF8.GetBytes($"{workspace}\0{keyId}");
}

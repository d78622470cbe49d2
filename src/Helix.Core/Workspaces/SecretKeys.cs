using System.Security.Cryptography;
using System.Buffers.Text;
using System.Text;

namespace Helix.Core.Workspaces;

/// <summary>
/// Write keys and API keys. Keys are 32 random bytes, so an unsalted SHA-256 is a safe way to store
/// them: there is nothing to brute-force. Only the hash is ever stored.
/// </summary>
public static class SecretKeys
{
    public const string WriteKeyPrefix = "hxw_";
    public const string ApiKeyPrefix = "hxk_";

    public static string NewWriteKey() => WriteKeyPrefix + RandomToken();

    public static string NewApiKey() => ApiKeyPrefix + RandomToken();

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A short random id for workspaces, sources and keys (not secret).</summary>
    public static string NewId(string prefix) =>
        prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string RandomToken() =>
        Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}

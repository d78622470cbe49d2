using System.Security.Cryptography;
using System.Text;

namespace Helix.Core.Audiences.Exports;

/// <summary>
/// HMAC-SHA256 over the exact body bytes with the webhook's secret, sent as <c>X-Helix-Signature: sha256=&lt;hex&gt;</c>
/// (lower-case hex, the form GitHub's webhooks use). The receiver recomputes it over the raw body before parsing.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Helix-Signature";
    private const string Prefix = "sha256=";

    public static string Sign(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body) => Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    /// <summary>True when <paramref name="header"/> is the signature of <paramref name="body"/>; compares in constant time; never throws.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, body));
        var given = Encoding.UTF8.GetBytes(header.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}

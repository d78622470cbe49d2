using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Privacy.Consent;

/// <summary>
/// The token of an unsubscribe link: which workspace, person and topic it withdraws, and when it was issued, signed
/// with HMAC-SHA256 under a key only Helix holds. Anyone holding the link may withdraw that one consent and nothing
/// else — what RFC 8058's one-click unsubscribe asks for. It carries a person id, never an identifier.
/// </summary>
public sealed record UnsubscribeToken(WorkspaceId Workspace, PersonId Person, ConsentTopic Topic, DateTimeOffset IssuedAt)
{
    /// <summary>How long a link works: longer than any mail sits unread in an inbox, shorter than forever.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    private const int SignatureBytes = 16;

    public string Sign(ReadOnlySpan<byte> key)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('\n',
            Workspace.Value, Person.Value, Topic.ToString(), IssuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Signature(key, payload))}";
    }

    /// <summary>The token's claims when it is well formed, signed with <paramref name="key"/> and not expired; else null.</summary>
    public static UnsubscribeToken? Verify(string? token, ReadOnlySpan<byte> key, DateTimeOffset now)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 2 || parts[0].Length > 2048 || !TryDecode(parts[0], out var payload) || !TryDecode(parts[1], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, Signature(key, payload)))
        {
            return null;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 4 || !ConsentTopic.TryParse(fields[2], out var topic, out _)
            || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var issued = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return now - issued > Lifetime || issued > now + TimeSpan.FromMinutes(5)
            ? null
            : new UnsubscribeToken(new WorkspaceId(fields[0]), new PersonId(fields[1]), topic, issued);
    }

    private static byte[] Signature(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload) => HMACSHA256.HashData(key, payload)[..SignatureBytes];

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Server.Collect;

/// <summary>
/// Finds the source of a write key: the HTTP basic-auth user (how Segment's SDKs send it), or the
/// body's <c>writeKey</c> (how Segment's browser library may). Known keys are cached by hash.
/// </summary>
internal sealed class WriteKeyAuthenticator(IWorkspaceStore store)
{
    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);

    /// <summary>The write key from the Authorization header, if it carries one.</summary>
    public static string? FromHeader(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 ? decoded[..colon] : decoded;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string? FromBody(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("writeKey", out var key)
        && key.ValueKind == JsonValueKind.String
            ? key.GetString()
            : null;

    public async ValueTask<Source?> FindAsync(string? writeKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(writeKey) || writeKey.Length > 256)
        {
            return null;
        }

        var hash = SecretKeys.Hash(writeKey);
        if (_sources.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        var source = await store.FindSourceByWriteKeyHashAsync(hash, cancellationToken);
        if (source is not null)
        {
            _sources.TryAdd(hash, source);
        }

        return source;
    }
}

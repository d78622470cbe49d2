using System.Collections.Concurrent;
using System.Text.Json;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// Access tokens of WeChat official accounts, mini programs and WeCom apps, cached per account until five minutes
/// before they expire (WeChat gives two hours; fetching one often is rate-limited and can void the one in use).
/// </summary>
internal sealed class WeChatTokens(IHttpClientFactory clients, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fetch = new(1, 1);

    /// <param name="account">The cache key: base URL and app or corp id.</param>
    /// <param name="url">The token endpoint with the account's credentials.</param>
    /// <param name="stale">A token the API just called invalid: fetch a new one unless another caller already did.</param>
    public async Task<(string? Token, DeliveryOutcome? Failure)> GetAsync(string account, Uri url, string? stale, CancellationToken cancellationToken)
    {
        if (Cached(account, stale) is { } cached)
        {
            return (cached, null);
        }

        await _fetch.WaitAsync(cancellationToken);
        try
        {
            if (Cached(account, stale) is { } fetched)
            {
                return (fetched, null);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var (body, failure) = await ConnectorHttp.SendAsync(clients.CreateClient(ConnectorHttp.ClientName), request, cancellationToken);
            if (failure is not null)
            {
                return (null, failure);
            }

            using var document = JsonDocument.Parse(body!);
            var root = document.RootElement;
            if (root.TryGetProperty("access_token", out var token) && token.ValueKind == JsonValueKind.String)
            {
                var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 7200;
                var until = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(60, seconds - Margin.TotalSeconds));
                _tokens[account] = (token.GetString()!, until);
                return (token.GetString(), null);
            }

            var error = $"The token endpoint refused: {ConnectorHttp.Shorten(body!)}";
            return (null, WeChatErrors.Code(root) == -1 ? DeliveryOutcome.Retry(error) : DeliveryOutcome.Reject(error));
        }
        catch (JsonException)
        {
            return (null, DeliveryOutcome.Retry("The token endpoint answered something other than JSON."));
        }
        finally
        {
            _fetch.Release();
        }
    }

    public void Dispose() => _fetch.Dispose();

    private string? Cached(string account, string? stale) =>
        _tokens.TryGetValue(account, out var entry) && entry.Until > time.GetUtcNow() && entry.Token != stale ? entry.Token : null;
}

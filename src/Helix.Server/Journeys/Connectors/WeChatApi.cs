using System.Net.Http.Headers;
using System.Text.Json;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// One call of a WeChat-style API (official account, mini program, WeCom): POST JSON with <c>?access_token=</c>, and when
/// the answer says the token is invalid or expired, one more try with a freshly fetched token.
/// </summary>
internal sealed class WeChatApi(IHttpClientFactory clients, WeChatTokens tokens)
{
    /// <param name="account">The token cache key.</param>
    /// <param name="tokenUrl">The token endpoint with credentials.</param>
    /// <param name="sendUrl">The API endpoint without the token.</param>
    /// <returns>The answer when its errcode is 0, else the failure.</returns>
    public async Task<(JsonElement Answer, DeliveryOutcome? Failure)> PostAsync(string account, Uri tokenUrl, string sendUrl, byte[] payload, CancellationToken cancellationToken)
    {
        string? stale = null;
        for (var attempt = 1; ; attempt++)
        {
            var (token, tokenFailure) = await tokens.GetAsync(account, tokenUrl, stale, cancellationToken);
            if (token is null)
            {
                return (default, tokenFailure);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, $"{sendUrl}?access_token={Uri.EscapeDataString(token)}")
            {
                Content = new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
            };
            var (body, failure) = await ConnectorHttp.SendAsync(clients.CreateClient(ConnectorHttp.ClientName), request, cancellationToken);
            if (failure is not null)
            {
                return (default, failure);
            }

            JsonElement answer;
            try
            {
                using var document = JsonDocument.Parse(body!);
                answer = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return (default, DeliveryOutcome.Retry($"{sendUrl} answered something other than JSON."));
            }

            var code = WeChatErrors.Code(answer);
            if (code == 0)
            {
                return (answer, null);
            }

            if (!WeChatErrors.IsTokenInvalid(code) || attempt == 2)
            {
                return (answer, WeChatErrors.Failure(answer));
            }

            stale = token;
        }
    }

    /// <summary>
    /// The person's identifier of <paramref name="type"/> for the account <paramref name="scope"/> (an app or corp id):
    /// a value stored scoped (<c>wx123/oABC</c>) for that account, else an unscoped one; null when neither exists.
    /// </summary>
    public static string? ScopedIdentifier(DeliveryProfile profile, string type, string scope)
    {
        if (!profile.Identifiers.TryGetValue(type, out var values))
        {
            return null;
        }

        var prefix = scope + "/";
        return values.FirstOrDefault(v => v.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? values.FirstOrDefault(v => !v.Contains('/', StringComparison.Ordinal));
    }
}

using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// One HTTP call of a connector and what its status means: 2xx done; 408, 429, 5xx, a timeout or no connection are
/// worth retrying; any other 4xx is the receiver refusing this request for good.
/// </summary>
internal static class ConnectorHttp
{
    public const string ClientName = "journey-connectors";
    private const int MaxErrorChars = 300;

    /// <returns>The response body when the status was 2xx, else the failure.</returns>
    public static async Task<(string? Body, DeliveryOutcome? Failure)> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (body, null);
            }

            var error = $"{request.RequestUri?.GetLeftPart(UriPartial.Path)} answered {code} {Shorten(body)}";
            return (null, code is 408 or 429 || code >= 500 ? DeliveryOutcome.Retry(error) : DeliveryOutcome.Reject(error));
        }
        catch (HttpRequestException e)
        {
            return (null, DeliveryOutcome.Retry($"{request.RequestUri?.GetLeftPart(UriPartial.Path)} could not be reached: {e.Message}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, DeliveryOutcome.Retry($"{request.RequestUri?.GetLeftPart(UriPartial.Path)} did not answer in time"));
        }
    }

    public static string Shorten(string text) => text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";
}

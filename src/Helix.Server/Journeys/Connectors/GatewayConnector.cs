using System.Net.Http.Headers;
using System.Text.Json;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// An SMS or push message through a generic HTTP gateway: POSTs the connection's JSON <c>body</c> template rendered for
/// the person to its <c>url</c>, with its <c>headers</c>, its <c>authorization</c> secret as the Authorization header and
/// <c>Idempotency-Key: &lt;delivery key&gt;</c>. The body sees <c>to</c> (the person's identifier of the connection's
/// <c>recipient</c> type: <c>phone</c> for SMS, <c>user_id</c> for push by default), <c>key</c>, and the action's rendered
/// texts: <c>message</c> (SMS <c>template</c>), or <c>title</c>, <c>body</c> and the <c>data</c> object (push).
/// </summary>
internal sealed class GatewayConnector(string name, string defaultRecipient, IHttpClientFactory clients, ConnectionRateLimits limits) : ConnectorBase(limits)
{
    public override string Name => name;

    protected override async Task<DeliveryOutcome> SendAsync(DeliveryRequest request, JourneyConnection connection, CancellationToken cancellationToken)
    {
        var recipient = Setting(connection, "recipient") ?? defaultRecipient;
        if (request.Profile.Identifier(recipient) is not { } to)
        {
            return DeliveryOutcome.Reject($"The person has no {recipient} identifier.");
        }

        var model = TemplateModel.For(request.Profile).With("to", to).With("key", request.Delivery.Key);
        var objects = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (name == "sms")
        {
            model = model.With("message", Render(request, "template", model));
        }
        else
        {
            model = model.With("title", Render(request, "title", model)).With("body", Render(request, "body", model));
            if (request.Delivery.Action.Parameters.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                using var rendered = JsonDocument.Parse(JsonTemplate.Render(data, model));
                objects["data"] = rendered.RootElement.Clone();
            }
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, Setting(connection, "url"))
        {
            Content = new ByteArrayContent(JsonTemplate.Render(connection.Settings.GetProperty("body"), model, objects))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            },
        };
        if (connection.Settings.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
            {
                message.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
            }
        }

        if (connection.Secrets.TryGetValue("authorization", out var authorization))
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        message.Headers.Add(WebhookConnector.IdempotencyHeader, request.Delivery.Key);
        var (_, failure) = await ConnectorHttp.SendAsync(clients.CreateClient(ConnectorHttp.ClientName), message, cancellationToken);
        return failure ?? DeliveryOutcome.Delivered();
    }
}

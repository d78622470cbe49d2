using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Helix.Core.Audiences.Exports;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// POSTs <c>{key, journey, step, person, traits, body}</c> to the connection's <c>url</c>, signed with its
/// <c>signingKey</c> (<c>X-Helix-Signature</c>, as segment webhooks) and carrying <c>Idempotency-Key: &lt;delivery key&gt;</c>,
/// so a receiver that remembers keys sees a retried delivery once. <c>body</c> is the action's template rendered (a
/// string), or its JSON template rendered (an object whose strings are templates).
/// </summary>
internal sealed class WebhookConnector(IHttpClientFactory clients, ConnectionRateLimits limits) : ConnectorBase(limits)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public override string Name => "webhook";

    protected override async Task<DeliveryOutcome> SendAsync(DeliveryRequest request, JourneyConnection connection, CancellationToken cancellationToken)
    {
        var payload = Payload(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, Setting(connection, "url"))
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        message.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(Encoding.UTF8.GetBytes(connection.Secrets["signingKey"]), payload));
        message.Headers.Add(IdempotencyHeader, request.Delivery.Key);
        var (_, failure) = await ConnectorHttp.SendAsync(clients.CreateClient(ConnectorHttp.ClientName), message, cancellationToken);
        return failure ?? DeliveryOutcome.Delivered();
    }

    private static byte[] Payload(DeliveryRequest request)
    {
        var delivery = request.Delivery;
        var model = TemplateModel.For(request.Profile);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", delivery.Key);
            writer.WriteString("journey", delivery.Journey);
            writer.WriteNumber("version", delivery.Version);
            writer.WriteString("step", delivery.Step);
            writer.WriteString("person", delivery.Person.Value);
            writer.WritePropertyName("traits");
            if (request.Profile.Traits.ValueKind == JsonValueKind.Object)
            {
                request.Profile.Traits.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }

            if (delivery.Action.Parameters.ValueKind == JsonValueKind.Object && delivery.Action.Parameters.TryGetProperty("body", out var body))
            {
                writer.WritePropertyName("body");
                if (body.ValueKind == JsonValueKind.String)
                {
                    writer.WriteStringValue(MessageTemplate.Render(body.GetString()!, model));
                }
                else
                {
                    writer.WriteRawValue(JsonTemplate.Render(body, model));
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

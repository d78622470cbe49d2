using System.Buffers;
using System.Text.Json;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// A WeCom (enterprise WeChat) message to the person as an external contact: <c>/cgi-bin/externalcontact/add_msg_template</c>
/// with <c>chat_type: single</c>, the person's <c>wecom_external_userid</c> for the connection's <c>corpId</c>, and the
/// action's <c>text</c> rendered. The token comes from <c>/cgi-bin/gettoken?corpid=&amp;corpsecret=</c>. WeCom queues the
/// message for the sending employee to confirm; an external user id in <c>fail_list</c> is refused.
/// </summary>
internal sealed class WeComConnector(WeChatApi api, ConnectionRateLimits limits) : ConnectorBase(limits)
{
    public const string DefaultBaseUrl = "https://qyapi.weixin.qq.com";
    public const string ExternalUserIdType = "wecom_external_userid";

    public override string Name => "wecom";

    protected override async Task<DeliveryOutcome> SendAsync(DeliveryRequest request, JourneyConnection connection, CancellationToken cancellationToken)
    {
        var corpId = Setting(connection, "corpId")!;
        if (WeChatApi.ScopedIdentifier(request.Profile, ExternalUserIdType, corpId) is not { } externalUserId)
        {
            return DeliveryOutcome.Reject($"The person has no {ExternalUserIdType} for corp {corpId}.");
        }

        var baseUrl = (Setting(connection, "baseUrl") ?? DefaultBaseUrl).TrimEnd('/');
        var tokenUrl = new Uri($"{baseUrl}/cgi-bin/gettoken?corpid={Uri.EscapeDataString(corpId)}&corpsecret={Uri.EscapeDataString(connection.Secrets["corpSecret"])}");
        var model = TemplateModel.For(request.Profile);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("chat_type", "single");
            writer.WriteStartArray("external_userid");
            writer.WriteStringValue(externalUserId);
            writer.WriteEndArray();
            if (Setting(connection, "sender") is { } sender)
            {
                writer.WriteString("sender", sender);
            }

            writer.WriteStartObject("text");
            writer.WriteString("content", Render(request, "text", model));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var (answer, failure) = await api.PostAsync($"{baseUrl}|{corpId}", tokenUrl, $"{baseUrl}/cgi-bin/externalcontact/add_msg_template", buffer.WrittenSpan.ToArray(), cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (answer.TryGetProperty("fail_list", out var failed) && failed.ValueKind == JsonValueKind.Array && failed.EnumerateArray().Any(f => f.ValueKind == JsonValueKind.String && f.GetString() == externalUserId))
        {
            return DeliveryOutcome.Reject($"WeCom could not reach external contact {externalUserId} (fail_list).");
        }

        return DeliveryOutcome.Delivered(answer.TryGetProperty("msgid", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null);
    }
}

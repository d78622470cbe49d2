using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// WeChat messages to the person's <c>wechat_openid</c> for the connection's <c>appId</c>: an official account's template
/// message (<c>wechat_template</c>: <c>/cgi-bin/message/template/send</c>) or a mini program's subscribe message
/// (<c>wechat_subscribe</c>: <c>/cgi-bin/message/subscribe/send</c>). Each <c>data</c> value is a template rendered as
/// text and sent as <c>{"value": …}</c>. The access token comes from <c>/cgi-bin/token</c> and is cached.
/// </summary>
internal sealed class WeChatConnector(string name, WeChatApi api, ConnectionRateLimits limits) : ConnectorBase(limits)
{
    public const string DefaultBaseUrl = "https://api.weixin.qq.com";
    public const string OpenIdType = "wechat_openid";

    public override string Name => name;

    private bool IsSubscribe => name == "wechat_subscribe";

    protected override async Task<DeliveryOutcome> SendAsync(DeliveryRequest request, JourneyConnection connection, CancellationToken cancellationToken)
    {
        var appId = Setting(connection, "appId")!;
        if (WeChatApi.ScopedIdentifier(request.Profile, OpenIdType, appId) is not { } openId)
        {
            return DeliveryOutcome.Reject($"The person has no {OpenIdType} for app {appId}.");
        }

        var baseUrl = (Setting(connection, "baseUrl") ?? DefaultBaseUrl).TrimEnd('/');
        var tokenUrl = new Uri($"{baseUrl}/cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(appId)}&secret={Uri.EscapeDataString(connection.Secrets["appSecret"])}");
        var sendUrl = $"{baseUrl}/cgi-bin/message/{(IsSubscribe ? "subscribe" : "template")}/send";
        var (answer, failure) = await api.PostAsync($"{baseUrl}|{appId}", tokenUrl, sendUrl, Payload(request, openId), cancellationToken);
        return failure ?? DeliveryOutcome.Delivered(answer.TryGetProperty("msgid", out var id) ? id.ToString() : null);
    }

    private byte[] Payload(DeliveryRequest request, string openId)
    {
        var model = TemplateModel.For(request.Profile).With("openid", openId);
        var parameters = request.Delivery.Action.Parameters;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("touser", openId);
            writer.WriteString("template_id", Parameter(request, "templateId"));
            if (IsSubscribe)
            {
                if (Parameter(request, "page") is not null)
                {
                    writer.WriteString("page", Render(request, "page", model));
                }
            }
            else
            {
                // WeChat documents client_msg_id as the template API's guard against sending the same message twice.
                writer.WriteString("client_msg_id", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Delivery.Key)))[..32]);
                if (Parameter(request, "url") is not null)
                {
                    writer.WriteString("url", Render(request, "url", model));
                }

                if (parameters.TryGetProperty("miniProgram", out var mini) && mini.ValueKind == JsonValueKind.Object)
                {
                    writer.WriteStartObject("miniprogram");
                    writer.WriteString("appid", Text(mini, "appid", "appId"));
                    writer.WriteString("pagepath", MessageTemplate.Render(Text(mini, "pagepath", "pagePath") ?? "", model));
                    writer.WriteEndObject();
                }
            }

            writer.WriteStartObject("data");
            if (parameters.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in data.EnumerateObject())
                {
                    var text = field.Value.ValueKind == JsonValueKind.Object ? Text(field.Value, "value", "value") : field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText();
                    writer.WriteStartObject(field.Name);
                    writer.WriteString("value", MessageTemplate.Render(text ?? "", model));
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? Text(JsonElement element, string name, string alternative) =>
        (element.TryGetProperty(name, out var v) || element.TryGetProperty(alternative, out v)) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

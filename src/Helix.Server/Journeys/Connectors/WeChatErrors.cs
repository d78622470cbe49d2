using System.Text.Json;
using Helix.Core.Journeys.Delivery;

namespace Helix.Server.Journeys.Connectors;

/// <summary>What the <c>errcode</c> of a WeChat or WeCom API answer means for a delivery.</summary>
internal static class WeChatErrors
{
    /// <summary>The access token is invalid or expired (40001, 40014, 42001): fetch a new one and try once more.</summary>
    public static bool IsTokenInvalid(int code) => code is 40001 or 40014 or 42001;

    /// <summary>The answer's errcode; 0 when it has none (a successful token answer).</summary>
    public static int Code(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("errcode", out var c) && c.TryGetInt32(out var code) ? code : 0;

    /// <summary>
    /// -1 (system busy) and the frequency limits (45009, 45011, 45047) pass later; 43101 (the user did not accept the
    /// subscription) and every other code (a bad openid, template or argument) will not.
    /// </summary>
    public static DeliveryOutcome Failure(JsonElement answer)
    {
        var code = Code(answer);
        var message = answer.TryGetProperty("errmsg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "";
        var error = $"WeChat errcode {code}: {message}";
        return code is -1 or 45009 or 45011 or 45047 || IsTokenInvalid(code) ? DeliveryOutcome.Retry(error) : DeliveryOutcome.Reject(error);
    }
}

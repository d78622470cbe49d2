using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Helix.Core.Audit;
using Helix.Server.Auth;

namespace Helix.Server.Audit;

/// <summary>
/// Turns an audited request into an <see cref="AuditRecord"/> and hands it to the writer. It reads only the
/// principal, the route values, the status, the client address, the user agent and the request id: never the
/// body, the query string, a header with a key, or a secret.
/// </summary>
internal sealed class AuditRecorder(AuditWriter writer, TimeProvider time, byte[] key)
{
    public const int MaxTextLength = 256;

    /// <summary>Route parameters whose values are personal identifiers (a phone number): recorded as a keyed digest.</summary>
    private static readonly HashSet<string> IdentifierParameters = new(["identifier"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Does not throw for a request it cannot attribute (no API key): such requests are not recorded.</summary>
    public ValueTask RecordAsync(HttpContext context, string action)
    {
        var user = context.User;
        if (user.FindFirstValue(ApiKeyAuthentication.WorkspaceClaim) is null)
        {
            return ValueTask.CompletedTask;
        }

        var workspace = user.Workspace();
        var actor = new AuditActor(
            user.FindFirstValue(ApiKeyAuthentication.KeyIdClaim) ?? "unknown",
            user.FindFirstValue(ClaimTypes.Name) ?? "unknown",
            user.FindFirstValue(ClaimTypes.Role) ?? "unknown");
        var now = time.GetUtcNow();
        var record = new AuditRecord(
            workspace,
            now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond)),
            actor,
            Truncate(action)!,
            Truncate(TargetOf(context, workspace.Value)),
            context.Response.StatusCode,
            context.Connection.RemoteIpAddress?.ToString(),
            Truncate(context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null),
            Truncate(context.TraceIdentifier));
        return writer.RecordAsync(record);
    }

    /// <summary>The route's parameter values in pattern order, joined by '/': a person id, a segment name.</summary>
    private string? TargetOf(HttpContext context, string workspace)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint || endpoint.RoutePattern.Parameters.Count == 0)
        {
            return null;
        }

        var values = endpoint.RoutePattern.Parameters
            .Select(p => (p.Name, Value: context.Request.RouteValues[p.Name]?.ToString()))
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => IdentifierParameters.Contains(p.Name) ? Digest(workspace, p.Value!) : p.Value!)
            .ToList();
        return values.Count == 0 ? null : string.Join('/', values);
    }

    /// <summary>The same identifier gives the same digest, so its reads can be found, without the log holding it.</summary>
    private string Digest(string workspace, string value) =>
        "hmac:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"audit-target\0{workspace}\0{value}")))[..16];

    private static string? Truncate(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] : text;
}

using Helix.Core.Workspaces;

namespace Helix.Core.Audit;

/// <summary>
/// One audited request as it happened: who (the API key), when, what (the action and its target), how it ended
/// and from where. Never a request body, a key or a secret; <see cref="AuditChain"/> seals it into an entry.
/// </summary>
/// <param name="Action">The HTTP method and route pattern (<c>GET /api/v1/profiles/{personId}</c>) or a named action.</param>
/// <param name="Target">The resource acted on (a person id, a segment name), or null.</param>
/// <param name="Outcome">The HTTP status code of the response.</param>
public sealed record AuditRecord(
    WorkspaceId Workspace,
    DateTimeOffset At,
    AuditActor Actor,
    string Action,
    string? Target,
    int Outcome,
    string? ClientAddress,
    string? UserAgent,
    string? RequestId);

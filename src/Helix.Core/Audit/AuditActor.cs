namespace Helix.Core.Audit;

/// <summary>The API key that made a request: its id, its name and the role it had at the time.</summary>
public sealed record AuditActor(string KeyId, string Name, string Role);

using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Delivery;

/// <summary>A connection as stored: settings as JSON text, the names of its secrets, and the secrets as one protected (encrypted) string.</summary>
public sealed record StoredConnection(string Name, string Connector, string Settings, IReadOnlyList<string> SecretNames, string ProtectedSecrets, DateTimeOffset UpdatedAt);

/// <summary>The workspace's journey connections. The store never sees a secret in clear.</summary>
public interface IConnectionStore
{
    Task<IReadOnlyList<StoredConnection>> ListConnectionsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default);

    Task<StoredConnection?> GetConnectionAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the connection of that name.</summary>
    Task PutConnectionAsync(WorkspaceId workspace, StoredConnection connection, CancellationToken cancellationToken = default);

    /// <returns>False when there was no such connection.</returns>
    Task<bool> DeleteConnectionAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default);
}

using System.Text.Json;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Workspaces;
using Microsoft.AspNetCore.DataProtection;

namespace Helix.Server.Journeys.Connectors;

/// <summary>
/// The workspace's connections with their secrets sealed by ASP.NET Core Data Protection (authenticated encryption with
/// keys under the data directory's <c>keys/data-protection/</c>). The protector's purpose names the workspace and the
/// connection, so a sealed value copied into another row does not open.
/// </summary>
internal sealed class JourneyConnections(IConnectionStore store, IDataProtectionProvider protection) : IJourneyConnections
{
    private const string Purpose = "Helix.Journeys.Connections.v1";

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key that sealed the secrets is gone (a data directory restored without its keys).</exception>
    public async Task<JourneyConnection?> FindAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default) =>
        await store.GetConnectionAsync(workspace, name, cancellationToken) is { } stored ? Open(workspace, stored) : null;

    public JourneyConnection Open(WorkspaceId workspace, StoredConnection stored)
    {
        var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(Protector(workspace, stored.Name).Unprotect(stored.ProtectedSecrets)) ?? [];
        using var settings = JsonDocument.Parse(stored.Settings);
        return new JourneyConnection(stored.Name, stored.Connector, settings.RootElement.Clone(), secrets);
    }

    public StoredConnection Seal(WorkspaceId workspace, JourneyConnection connection, DateTimeOffset at) =>
        new(connection.Name, connection.Connector, connection.Settings.GetRawText(), [.. connection.Secrets.Keys.Order(StringComparer.Ordinal)],
            Protector(workspace, connection.Name).Protect(JsonSerializer.Serialize(connection.Secrets)), at);

    private IDataProtector Protector(WorkspaceId workspace, string name) => protection.CreateProtector(Purpose, workspace.Value, name);
}

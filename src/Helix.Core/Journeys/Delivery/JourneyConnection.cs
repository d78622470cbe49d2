using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Delivery;

/// <summary>
/// A workspace's configured endpoint for a connector (an SMTP server, an SMS gateway, a WeChat official account):
/// <see cref="Settings"/> as given, <see cref="Secrets"/> decrypted for this use only (stored encrypted).
/// </summary>
public sealed record JourneyConnection(string Name, string Connector, JsonElement Settings, IReadOnlyDictionary<string, string> Secrets);

/// <summary>The workspace's connections, by the name actions give in their <c>connection</c> parameter.</summary>
public interface IJourneyConnections
{
    Task<JourneyConnection?> FindAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken = default);
}

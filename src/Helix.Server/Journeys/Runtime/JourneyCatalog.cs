using System.Collections.Concurrent;
using System.Text.Json;
using Helix.Core.Journeys;
using Helix.Core.Journeys.Runtime;
using Helix.Core.Workspaces;

namespace Helix.Server.Journeys.Runtime;

/// <summary>Journey definitions by version, parsed once: a saved version never changes.</summary>
public sealed class JourneyCatalog(IJourneyRuntimeStore store)
{
    private readonly ConcurrentDictionary<(WorkspaceId, string, int), JourneyDefinition?> _versions = new();

    public async Task<JourneyDefinition?> VersionAsync(WorkspaceId workspace, string name, int version, CancellationToken cancellationToken)
    {
        var key = (workspace, name, version);
        if (_versions.TryGetValue(key, out var known))
        {
            return known;
        }

        var json = await store.JourneyDefinitionAsync(workspace, name, version, cancellationToken);
        // A stored version passed the checks when saved; one that no longer parses (a newer language) is left alone.
        var parsed = json is null ? null : JourneySpec.Parse(JsonElement.Parse(json)).Journey;
        _versions[key] = parsed;
        return parsed;
    }

    /// <summary>
    /// Versions looked up that are missing or no longer parse. Their members cannot move, so rounds leave their timers
    /// alone rather than read them again each round (and let them crowd out timers that can fire); a restart looks again.
    /// </summary>
    public IReadOnlyCollection<(WorkspaceId Workspace, string Name, int Version)> Unreadable => [.. _versions.Where(v => v.Value is null).Select(v => v.Key)];

    /// <summary>The definitions a round may need: every running journey's current version and every version its members are on.</summary>
    public async Task<Func<WorkspaceId, string, int, JourneyDefinition?>> LoadAsync(IEnumerable<(WorkspaceId, string, int)> versions, CancellationToken cancellationToken)
    {
        foreach (var (workspace, name, version) in versions.Distinct())
        {
            await VersionAsync(workspace, name, version, cancellationToken);
        }

        return (workspace, name, version) => _versions.GetValueOrDefault((workspace, name, version));
    }
}

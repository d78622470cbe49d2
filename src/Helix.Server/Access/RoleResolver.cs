using System.Collections.Concurrent;
using Helix.Core.Access;
using Helix.Core.Workspaces;

namespace Helix.Server.Access;

/// <summary>
/// Resolves a key's role name: built-in roles from code, custom roles from the store, cached per workspace and
/// name. The roles API invalidates on every change; the server is one process, so nothing else changes roles.
/// </summary>
internal sealed class RoleResolver(IAccessStore store)
{
    private readonly ConcurrentDictionary<(string Workspace, string Name), Role> _cache = new();
    private long _generation;

    public async ValueTask<Role?> ResolveAsync(WorkspaceId workspace, string name, CancellationToken cancellationToken)
    {
        if (Role.BuiltIn.TryGetValue(name, out var builtIn))
        {
            return builtIn;
        }

        if (_cache.TryGetValue((workspace.Value, name), out var cached))
        {
            return cached;
        }

        // A change between this read and the store's answer bumps the generation: the answer is then not cached.
        var generation = Interlocked.Read(ref _generation);
        var role = await store.GetCustomRoleAsync(workspace, name, cancellationToken);
        // Misses are not cached, so looking up arbitrary names cannot grow the cache; keys only carry existing roles.
        if (role is not null && Interlocked.Read(ref _generation) == generation)
        {
            _cache[(workspace.Value, name)] = role;
        }

        return role;
    }

    /// <summary>Call after the store holds the change.</summary>
    public void Invalidate(WorkspaceId workspace, string name)
    {
        Interlocked.Increment(ref _generation);
        _cache.TryRemove((workspace.Value, name), out _);
    }
}

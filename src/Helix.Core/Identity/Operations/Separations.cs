using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Operations;

/// <summary>
/// The separate and detach operations in force: pairs of identifiers that may never be one person, and
/// identifiers that link nobody. Consulted by <see cref="Profiles.ProfileGraph"/> on every link and merge, so
/// that no later event glues a split person back together.
/// </summary>
public sealed class Separations
{
    private readonly Dictionary<(WorkspaceId, Identifier), List<Identifier>> _apart = [];
    private readonly HashSet<(WorkspaceId, Identifier)> _detached = [];
    private readonly Dictionary<(WorkspaceId, string), ActiveIdentityOperation> _active = [];

    /// <summary>False while no operation is in force: the graph's hot path then skips every check.</summary>
    public bool Any => _active.Count > 0;

    public IEnumerable<ActiveIdentityOperation> Active => _active.Values;

    public ActiveIdentityOperation? Find(WorkspaceId workspace, string operationId) =>
        _active.GetValueOrDefault((workspace, operationId));

    public void Add(ActiveIdentityOperation active)
    {
        ArgumentNullException.ThrowIfNull(active);
        var operation = active.Operation;
        var workspace = operation.WorkspaceId;
        switch (operation.Kind)
        {
            case IdentityOperationKind.Separate when operation is { From: { } from, To: { } to }:
                Others(workspace, from).Add(to);
                Others(workspace, to).Add(from);
                break;
            case IdentityOperationKind.Detach when operation.From is { } detached:
                _detached.Add((workspace, detached));
                break;
            default:
                throw new ArgumentException($"A {operation.Kind} operation is not a separation.", nameof(active));
        }

        _active.Add((workspace, operation.OperationId), active);
    }

    /// <returns>The operation taken out of force, or null when none of that id is in force.</returns>
    public ActiveIdentityOperation? Remove(WorkspaceId workspace, string operationId)
    {
        if (!_active.Remove((workspace, operationId), out var active))
        {
            return null;
        }

        var operation = active.Operation;
        if (operation.Kind == IdentityOperationKind.Detach)
        {
            // Another detach of the same identifier may still be in force.
            if (!_active.Values.Any(a => a.Operation.Kind == IdentityOperationKind.Detach && a.Operation.WorkspaceId == workspace && a.Operation.From == operation.From))
            {
                _detached.Remove((workspace, operation.From!.Value));
            }
        }
        else
        {
            Others(workspace, operation.From!.Value).Remove(operation.To!.Value);
            Others(workspace, operation.To!.Value).Remove(operation.From!.Value);
        }

        return active;
    }

    public bool IsDetached(WorkspaceId workspace, Identifier identifier) => _detached.Contains((workspace, identifier));

    /// <summary>The identifiers <paramref name="identifier"/> must never share a person with.</summary>
    public IReadOnlyList<Identifier> Apart(WorkspaceId workspace, Identifier identifier) =>
        _apart.TryGetValue((workspace, identifier), out var others) ? others : [];

    private List<Identifier> Others(WorkspaceId workspace, Identifier identifier)
    {
        if (!_apart.TryGetValue((workspace, identifier), out var others))
        {
            _apart[(workspace, identifier)] = others = [];
        }

        return others;
    }
}

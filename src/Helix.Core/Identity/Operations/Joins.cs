using Helix.Core.Workspaces;

namespace Helix.Core.Identity.Operations;

/// <summary>
/// The merge operations in force. A merge is not carried by any event, so when the persons it joined
/// are resolved again from their events (a split elsewhere in the person, a revert), the graph applies
/// the merge again at its log position, and it holds exactly as far as the rules still allow.
/// </summary>
public sealed class Joins
{
    private readonly Dictionary<(WorkspaceId, string), ActiveIdentityOperation> _active = [];

    public IEnumerable<ActiveIdentityOperation> Active => _active.Values;

    public ActiveIdentityOperation? Find(WorkspaceId workspace, string operationId) =>
        _active.GetValueOrDefault((workspace, operationId));

    public void Add(ActiveIdentityOperation active)
    {
        ArgumentNullException.ThrowIfNull(active);
        if (active.Operation.Kind != IdentityOperationKind.Merge)
        {
            throw new ArgumentException($"A {active.Operation.Kind} operation is not a merge.", nameof(active));
        }

        _active.Add((active.Operation.WorkspaceId, active.Operation.OperationId), active);
    }

    /// <returns>The merge taken out of force, or null when none of that id is in force.</returns>
    public ActiveIdentityOperation? Remove(WorkspaceId workspace, string operationId) =>
        _active.Remove((workspace, operationId), out var active) ? active : null;

    /// <summary>The merges of <paramref name="workspace"/> that joined any of <paramref name="identifiers"/>, in log order.</summary>
    public IReadOnlyList<ActiveIdentityOperation> Touching(WorkspaceId workspace, IReadOnlySet<Identifier> identifiers) =>
        _active.Count == 0
            ? []
            : [.. _active.Values
                .Where(a => a.Operation.WorkspaceId == workspace
                    && (a.Operation.From is { } from && identifiers.Contains(from) || a.Operation.To is { } to && identifiers.Contains(to)))
                .OrderBy(a => a.Position)];
}

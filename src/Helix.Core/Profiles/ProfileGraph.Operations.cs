using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>
/// Unmerge. An operation first goes in force (<see cref="Plan"/>), then the persons it touches are
/// resolved again from their own events in log order (<see cref="Refold"/>), under the same rules as
/// any event, with the new separation in place. Their identifiers, events and traits are rebuilt;
/// the person holding the oldest event keeps its id. Identifiers held by other persons stay there.
/// </summary>
public sealed partial class ProfileGraph
{
    /// <summary>The merge operations in force.</summary>
    public Joins Joins { get; } = new();

    /// <summary>Checks <paramref name="operation"/>, at log <paramref name="position"/>, against the graph and, if it applies, puts it in force.</summary>
    /// <returns>
    /// The persons to <see cref="Refold"/> with their events, or a rejection that changed nothing; a merge
    /// is applied at once (<see cref="IdentityOperationPlan.Joined"/>) and needs no refold.
    /// </returns>
    public IdentityOperationPlan Plan(IdentityOperation operation, long position)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var workspace = operation.WorkspaceId;
        if (operation.Kind == IdentityOperationKind.Rules)
        {
            return PlanRules(operation);
        }

        if (operation.Kind == IdentityOperationKind.Merge)
        {
            return PlanMerge(operation, position);
        }

        if (operation.Kind == IdentityOperationKind.Revert)
        {
            var reverted = operation.Reverts is { } id ? Separations.Remove(workspace, id) ?? Joins.Remove(workspace, id) : null;
            if (reverted is null)
            {
                return IdentityOperationPlan.Reject($"No operation '{operation.Reverts}' is in force in this workspace.");
            }

            var owners = reverted.Scope.Select(i => Owner(workspace, i)).OfType<PersonState>().Distinct();
            return new IdentityOperationPlan(null, [.. owners.OrderBy(p => p.CreatedPosition).Select(Outline)]);
        }

        if (operation.PersonId is not { } personId || !_persons.TryGetValue((workspace, personId), out var person))
        {
            return IdentityOperationPlan.Reject($"No person '{operation.PersonId}': it may have merged into another since.");
        }

        if (Separations.Find(workspace, operation.OperationId) is not null)
        {
            return IdentityOperationPlan.Reject($"An operation '{operation.OperationId}' is already in force.");
        }

        var sides = operation.Kind == IdentityOperationKind.Separate ? new[] { operation.From, operation.To } : [operation.From];
        foreach (var side in sides)
        {
            if (side is not { } identifier || Owner(workspace, identifier) != person)
            {
                return IdentityOperationPlan.Reject($"{side} is not an identifier of person '{personId}'.");
            }
        }

        if (operation.From == operation.To)
        {
            return IdentityOperationPlan.Reject("An identifier cannot be separated from itself.");
        }

        var outline = Outline(person);
        Separations.Add(new ActiveIdentityOperation(operation, outline.Identifiers, position));
        return new IdentityOperationPlan(null, [outline]);
    }

    /// <summary>Puts an operation loaded from the journal back in force.</summary>
    private void PutInForce(ActiveIdentityOperation active)
    {
        if (active.Operation.Kind == IdentityOperationKind.Merge)
        {
            Joins.Add(active);
        }
        else
        {
            Separations.Add(active);
        }
    }

    /// <summary>Merges the persons holding the operation's two identifiers, if the rules allow it.</summary>
    private IdentityOperationPlan PlanMerge(IdentityOperation operation, long position)
    {
        var workspace = operation.WorkspaceId;
        if (Joins.Find(workspace, operation.OperationId) is not null)
        {
            return IdentityOperationPlan.Reject($"An operation '{operation.OperationId}' is already in force.");
        }

        var a = operation.From is { } from ? Owner(workspace, from) : null;
        var b = operation.To is { } to ? Owner(workspace, to) : null;
        if (a is null || b is null)
        {
            return IdentityOperationPlan.Reject($"{(a is null ? operation.From : operation.To)} belongs to no person.");
        }

        if (a == b)
        {
            return IdentityOperationPlan.Reject($"{operation.From} and {operation.To} are already one person, '{a.Id}'.");
        }

        var before = new[] { Outline(a), Outline(b) };
        if (MergeRefusal(a, b, operation.RequestedAt) is { } refusal)
        {
            return IdentityOperationPlan.Reject(refusal);
        }

        var merges = new List<PersonMerge>();
        if (Join(operation, position, merges) is not { } survivor)
        {
            var quarantined = a.Quarantine is not null ? a : b;
            return IdentityOperationPlan.Reject($"The merge would pass a quarantine limit; person '{quarantined.Id}' is quarantined: {quarantined.Quarantine?.Reason}");
        }

        var joined = Outline(survivor);
        Joins.Add(new ActiveIdentityOperation(operation, joined.Identifiers, position));
        return new IdentityOperationPlan(null, before) { Joined = joined, Merges = merges };
    }

    /// <summary>Why the rules keep <paramref name="a"/> and <paramref name="b"/> apart, if they do (the hard caps aside).</summary>
    private string? MergeRefusal(PersonState a, PersonState b, DateTimeOffset at)
    {
        if ((a.Quarantine is not null ? a : b.Quarantine is not null ? b : null) is { } quarantined)
        {
            return $"Person '{quarantined.Id}' is quarantined: {quarantined.Quarantine!.Reason}.";
        }

        if (AreApart(a, b))
        {
            return "A separate or detach operation in force keeps these persons apart.";
        }

        foreach (var type in b.Identifiers.Select(l => l.Identifier.Type).Distinct())
        {
            if (Limit(a, type) is { } limit && Held(a, type, at) + Held(b, type, at) > limit)
            {
                return $"Together they would hold {Held(a, type, at) + Held(b, type, at)} {type} identifiers; the limit is {limit}.";
            }
        }

        return null;
    }

    /// <summary>Applies a merge operation: the persons holding its identifiers become one, if the rules allow it.</summary>
    /// <returns>The person they became; null when they are not two persons any more or may not merge.</returns>
    private PersonState? Join(IdentityOperation operation, long position, ICollection<PersonMerge> merges)
    {
        var workspace = operation.WorkspaceId;
        if (Owner(workspace, operation.From!.Value) is not { } a || Owner(workspace, operation.To!.Value) is not { } b || a == b)
        {
            return null;
        }

        var linking = new Linking(OperationMessage(operation), position) { Anchor = operation.From };
        if (MergeRefusal(a, b, operation.RequestedAt) is not null || !CanMerge(a, b, linking))
        {
            return null;
        }

        var survivor = Merge(a, b, operation.To!.Value, linking, merges, IdentityLinkKind.Asserted);
        _dirty.Add(survivor);
        return survivor;
    }

    /// <summary>What a merge operation's link records as its message: the operation's id, the operations source, its time.</summary>
    private static CollectedMessage OperationMessage(IdentityOperation operation) => new()
    {
        WorkspaceId = operation.WorkspaceId,
        SourceId = OperationsSource,
        MessageId = operation.OperationId,
        Type = MessageType.Identify,
        Timestamp = operation.RequestedAt,
        ReceivedAt = operation.RequestedAt,
    };

    /// <summary>The source a merge operation's link names: not a channel, the identity operations journal.</summary>
    public static readonly SourceId OperationsSource = new("identity-operations");

    private readonly HashSet<WorkspaceId> _pinnedRules = [];

    /// <summary>
    /// <paramref name="workspace"/> resolves by <paramref name="rules"/> from now on, and rules operations met
    /// later in the log are journaled but change nothing: a rebuild that applies today's rules to all history.
    /// </summary>
    public void PinRules(WorkspaceId workspace, IdentityRules rules)
    {
        SetRules(workspace, rules);
        _pinnedRules.Add(workspace);
    }

    /// <summary>New rules apply to the messages after the operation; persons already formed stay as they are.</summary>
    private IdentityOperationPlan PlanRules(IdentityOperation operation)
    {
        IdentityRules? rules;
        IReadOnlyList<Collect.FieldError> errors;
        try
        {
            rules = IdentityRulesSpec.FromJson(operation.Rules ?? "{}").Validate(out errors);
        }
        catch (System.Text.Json.JsonException e)
        {
            return IdentityOperationPlan.Reject($"The rules are not valid JSON: {e.Message}");
        }

        if (rules is null)
        {
            return IdentityOperationPlan.Reject("Invalid rules: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")));
        }

        if (!_pinnedRules.Contains(operation.WorkspaceId))
        {
            SetRules(operation.WorkspaceId, rules);
        }

        return new IdentityOperationPlan(null, []);
    }

    /// <summary>
    /// Drops <paramref name="persons"/> and applies their <paramref name="events"/> (in log order) again.
    /// Merges this causes with other persons are appended to <paramref name="merges"/>.
    /// </summary>
    /// <returns>The person each event now belongs to (before any later merge in the same list).</returns>
    public IReadOnlyList<(long Position, PersonId Person)> Refold(
        WorkspaceId workspace, IEnumerable<PersonId> persons, IEnumerable<(long Position, CollectedMessage Message)> events, ICollection<PersonMerge> merges)
    {
        var dropped = new HashSet<Identifier>();
        foreach (var id in persons)
        {
            if (_persons.Remove((workspace, id), out var person))
            {
                person.Identifiers.ForEach(link => _owners.Remove((workspace, link.Identifier)));
                dropped.UnionWith(person.Identifiers.Select(l => l.Identifier));
                _dirty.Remove(person);
            }
        }

        // The merge operations that joined these persons are applied again at their places in the log.
        var joins = new Queue<ActiveIdentityOperation>(Joins.Touching(workspace, dropped));
        var owners = new List<(long, PersonId)>();
        foreach (var (position, message) in events)
        {
            while (joins.TryPeek(out var join) && join.Position < position)
            {
                Join(joins.Dequeue().Operation, join.Position, merges);
            }

            owners.Add((position, Apply(message, position, merges)));
        }

        while (joins.TryDequeue(out var join))
        {
            Join(join.Operation, join.Position, merges);
        }

        return owners;
    }

    public PersonOutline? Outline(WorkspaceId workspace, PersonId id) =>
        _persons.TryGetValue((workspace, id), out var person) ? Outline(person) : null;

    private static PersonOutline Outline(PersonState person) =>
        new(person.Id, [.. person.Identifiers.Select(l => l.Identifier)], person.EventCount);

    /// <summary>Whether a separation keeps <paramref name="identifier"/> out of <paramref name="person"/>.</summary>
    private bool IsApart(PersonState person, Identifier identifier) =>
        Separations.Any && Separations.Apart(person.Workspace, identifier).Any(other => Owner(person.Workspace, other) == person);

    /// <summary>Whether a separation keeps the two persons from merging.</summary>
    private bool AreApart(PersonState a, PersonState b)
    {
        if (!Separations.Any)
        {
            return false;
        }

        var (smaller, other) = a.Identifiers.Count <= b.Identifiers.Count ? (a, b) : (b, a);
        return smaller.Identifiers.Any(link => IsApart(other, link.Identifier));
    }
}

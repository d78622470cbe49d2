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
    /// <summary>Checks <paramref name="operation"/> against the graph and, if it applies, puts it in force.</summary>
    /// <returns>The persons to <see cref="Refold"/> with their events, or a rejection that changed nothing.</returns>
    public IdentityOperationPlan Plan(IdentityOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var workspace = operation.WorkspaceId;
        if (operation.Kind == IdentityOperationKind.Rules)
        {
            return PlanRules(operation);
        }

        if (operation.Kind == IdentityOperationKind.Revert)
        {
            var reverted = operation.Reverts is { } id ? Separations.Remove(workspace, id) : null;
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
        Separations.Add(new ActiveIdentityOperation(operation, outline.Identifiers));
        return new IdentityOperationPlan(null, [outline]);
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

        SetRules(operation.WorkspaceId, rules);
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
        foreach (var id in persons)
        {
            if (_persons.Remove((workspace, id), out var person))
            {
                person.Identifiers.ForEach(link => _owners.Remove((workspace, link.Identifier)));
                _dirty.Remove(person);
            }
        }

        return [.. events.Select(e => (e.Position, Apply(e.Message, e.Position, merges)))];
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

using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>
/// The foundation's identity and profile fold: messages in log order in, persons out. Rules:
/// <list type="bullet">
/// <item>A message belongs to the person of its <c>userId</c> if known, else of its <c>anonymousId</c>
/// (for <c>alias</c>, of its <c>previousId</c>), else to a new person.</item>
/// <item>Identifiers seen together join one person; two persons merge when they meet, the older one
/// (created first in the log) surviving — unless that would give one person two different
/// <c>userId</c>s: a shared device links nobody.</item>
/// <item>Traits from <c>identify</c> and <c>context.traits</c>: per trait, the newest event wins.</item>
/// </list>
/// Deterministic: replaying the same log from the same snapshot gives the same persons and ids.
/// Not thread-safe; the pipeline applies messages from one thread.
/// </summary>
public sealed class ProfileGraph
{
    private readonly Dictionary<(WorkspaceId, Identifier), PersonState> _owners = [];
    private readonly Dictionary<(WorkspaceId, PersonId), PersonState> _persons = [];
    private readonly HashSet<PersonState> _dirty = [];

    public int PersonCount => _persons.Count;

    public static ProfileGraph FromSnapshots(IEnumerable<PersonSnapshot> snapshots)
    {
        var graph = new ProfileGraph();
        foreach (var snapshot in snapshots)
        {
            var person = PersonState.From(snapshot);
            graph._persons.Add((person.Workspace, person.Id), person);
            foreach (var link in person.Identifiers)
            {
                graph._owners[(person.Workspace, link.Identifier)] = person;
            }
        }

        return graph;
    }

    /// <summary>Applies one message at log position <paramref name="position"/>; appends any merges it causes.</summary>
    /// <returns>The person the message belongs to.</returns>
    public PersonId Apply(CollectedMessage message, long position, ICollection<PersonMerge> merges)
    {
        var workspace = message.WorkspaceId;
        var userId = message.UserId is { } u ? new Identifier(IdentifierTypes.UserId, u) : (Identifier?)null;
        var other = OtherIdentifier(message);

        var userPerson = userId is { } ui ? Owner(workspace, ui) : null;
        var otherPerson = other is { } oi ? Owner(workspace, oi) : null;

        // A known other identifier whose person already has a different userId must not pull this
        // user in: that is a shared device or a reused cookie, not the same person.
        if (userId is not null && userPerson is null && otherPerson?.UserId is not null)
        {
            otherPerson = null;
            other = null;
        }

        var person = userPerson ?? otherPerson ?? Create(workspace, message, position);
        if (otherPerson is not null && otherPerson != person && CanMerge(person, otherPerson))
        {
            person = Merge(person, otherPerson, position, merges);
        }

        if (userId is { } newUser && userPerson is null)
        {
            Link(person, newUser, message.Timestamp);
        }

        if (other is { } newOther && Owner(workspace, newOther) is null)
        {
            Link(person, newOther, message.Timestamp);
        }

        person.CountEvent(message.Timestamp);
        if (message.Type == MessageType.Identify && message.Traits is { } traits)
        {
            person.SetTraits(traits, message.Timestamp);
        }

        if (message.Context is { } context && context.TryGetProperty("traits", out var contextTraits)
            && contextTraits.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            person.SetTraits(contextTraits, message.Timestamp);
        }

        _dirty.Add(person);
        return person.Id;
    }

    /// <summary>Snapshots of every person changed since the last call; persons merged away are not included.</summary>
    public IReadOnlyList<PersonSnapshot> TakeChanged()
    {
        var changed = _dirty.Where(p => _persons.ContainsKey((p.Workspace, p.Id))).Select(p => p.ToSnapshot()).ToList();
        _dirty.Clear();
        return changed;
    }

    public PersonSnapshot? Find(WorkspaceId workspace, PersonId id) =>
        _persons.TryGetValue((workspace, id), out var person) ? person.ToSnapshot() : null;

    public PersonId? FindOwner(WorkspaceId workspace, Identifier identifier) => Owner(workspace, identifier)?.Id;

    /// <summary>The anonymous id, or for an alias call the previous id (a known user id or an anonymous id).</summary>
    private Identifier? OtherIdentifier(CollectedMessage message)
    {
        if (message.Type == MessageType.Alias && message.PreviousId is { } previous)
        {
            var asUser = new Identifier(IdentifierTypes.UserId, previous);
            return Owner(message.WorkspaceId, asUser) is not null ? asUser : new Identifier(IdentifierTypes.AnonymousId, previous);
        }

        return message.AnonymousId is { } anonymous ? new Identifier(IdentifierTypes.AnonymousId, anonymous) : null;
    }

    private static bool CanMerge(PersonState a, PersonState b) =>
        a.UserId is null || b.UserId is null || a.UserId == b.UserId;

    private PersonState? Owner(WorkspaceId workspace, Identifier identifier) =>
        _owners.GetValueOrDefault((workspace, identifier));

    private PersonState Create(WorkspaceId workspace, CollectedMessage message, long position)
    {
        var id = PersonId.ForFirstMessage(workspace, message.MessageId);
        if (_persons.ContainsKey((workspace, id)))
        {
            // A message id reused after the dedupe window: the position keeps the id unique and deterministic.
            id = PersonId.ForFirstMessage(workspace, $"{message.MessageId}@{position}");
        }

        var person = new PersonState(workspace, id, position, message.Timestamp);
        _persons.Add((workspace, id), person);
        return person;
    }

    private void Link(PersonState person, Identifier identifier, DateTimeOffset at)
    {
        if (identifier.Type == IdentifierTypes.UserId && person.UserId is not null)
        {
            return;
        }

        person.Identifiers.Add(new IdentifierLink(identifier, at));
        _owners[(person.Workspace, identifier)] = person;
    }

    private PersonState Merge(PersonState a, PersonState b, long position, ICollection<PersonMerge> merges)
    {
        var (survivor, merged) = a.CreatedPosition <= b.CreatedPosition ? (a, b) : (b, a);
        survivor.Absorb(merged);
        foreach (var link in merged.Identifiers)
        {
            _owners[(survivor.Workspace, link.Identifier)] = survivor;
        }

        _persons.Remove((merged.Workspace, merged.Id));
        _dirty.Remove(merged);
        merges.Add(new PersonMerge(survivor.Workspace, survivor.Id, merged.Id, position));
        return survivor;
    }
}

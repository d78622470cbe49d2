using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>
/// The identity and profile fold: messages in log order in, persons out. Rules (docs/identity.md):
/// <list type="bullet">
/// <item>A message's identifiers (<see cref="IdentifierExtractor"/>, plus an alias's <c>previousId</c>)
/// are taken strongest first. The message belongs to the person of its strongest known identifier that
/// can also take the stronger new ones; otherwise to a new person.</item>
/// <item>Persons that share an identifier merge, the older one (created first in the log) surviving —
/// unless the merged person would exceed a type's per-person limit (two different user ids, two
/// phones): then the link is not made. A shared device or a store's shared phone links nobody.</item>
/// <item>A new identifier is linked only while the person is under that type's limit.</item>
/// <item>Traits from <c>identify</c> and <c>context.traits</c>: per trait, the value its survivorship rule prefers (<see cref="TraitRule"/>; the newest by default), with its provenance.</item>
/// <item>A merge past the hard caps or the windowed fan-out rule quarantines a person: it merges no more (see ProfileGraph.Quarantine.cs).</item>
/// <item>Separate and detach operations (<see cref="Separations"/>) forbid links and merges; see ProfileGraph.Operations.cs.</item>
/// </list>
/// Deterministic: replaying the same log from the same snapshot gives the same persons and ids.
/// Not thread-safe; the pipeline applies messages from one thread.
/// </summary>
public sealed partial class ProfileGraph(IdentityRules? rules = null)
{
    private readonly IdentityRules _rules = rules ?? IdentityRules.Default;
    private readonly Dictionary<WorkspaceId, IdentityRules> _workspaceRules = [];
    private readonly Dictionary<(WorkspaceId, Identifier), PersonState> _owners = [];
    private readonly Dictionary<(WorkspaceId, PersonId), PersonState> _persons = [];
    private readonly HashSet<PersonState> _dirty = [];

    public int PersonCount => _persons.Count;

    /// <summary>The separate and detach operations in force.</summary>
    public Separations Separations { get; } = new();

    public static ProfileGraph FromSnapshots(
        IEnumerable<PersonSnapshot> snapshots,
        IdentityRules? rules = null,
        IEnumerable<ActiveIdentityOperation>? operations = null,
        IReadOnlyDictionary<WorkspaceId, IdentityRules>? workspaceRules = null)
    {
        var graph = new ProfileGraph(rules);
        foreach (var (workspace, own) in workspaceRules ?? new Dictionary<WorkspaceId, IdentityRules>())
        {
            graph.SetRules(workspace, own);
        }

        foreach (var operation in operations ?? [])
        {
            graph.PutInForce(operation);
        }

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
        var linking = new Linking(message, position);
        PersonState? person = null;
        var unowned = new List<Identifier>();
        foreach (var identifier in Identifiers(message))
        {
            var owner = Owner(workspace, identifier);
            if (owner is null)
            {
                if (person is null)
                {
                    unowned.Add(identifier);
                }
                else
                {
                    TryLink(person, identifier, linking);
                }
            }
            else if (person is null)
            {
                // The strongest known identifier decides, if its person can take the stronger new ones.
                if (unowned.All(u => Fits(owner, u, unowned, message.Timestamp)) && owner.Identifiers.Count + unowned.Count <= RulesFor(workspace).MaxIdentifiersPerPerson)
                {
                    person = owner;
                    linking.Anchor = identifier;
                }
                else
                {
                    person = Create(workspace, message, position);
                }

                unowned.ForEach(u => TryLink(person, u, linking));
                if (person != owner && CanMerge(person, owner, linking))
                {
                    person = Merge(person, owner, identifier, linking, merges);
                }
            }
            else if (owner != person && CanMerge(person, owner, linking))
            {
                person = Merge(person, owner, identifier, linking, merges);
            }
        }

        if (person is null)
        {
            person = Create(workspace, message, position);
            unowned.ForEach(u => TryLink(person, u, linking));
        }

        person.CountEvent(message.Timestamp);
        if (TraitObjects(message) is { Length: > 0 } traits)
        {
            person.SetTraits(traits, message, position, RulesFor(workspace).TraitRuleFor);
        }

        _dirty.Add(person);
        return person.Id;
    }

    /// <summary>The trait objects a message carries, in the order they apply: an identify call's traits, then context.traits.</summary>
    private static JsonElement[] TraitObjects(CollectedMessage message)
    {
        var identify = message.Type == MessageType.Identify ? message.Traits : null;
        JsonElement? context = message.Context is { } c && c.TryGetProperty("traits", out var t) && t.ValueKind == JsonValueKind.Object ? t : null;
        return (identify, context) switch
        {
            ({ } first, { } second) => [first, second],
            ({ } first, null) => [first],
            (null, { } second) => [second],
            _ => [],
        };
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

    /// <summary>The live state of a person, for the facts fold (<see cref="Facts.FactBook"/>) to read without copying.</summary>
    internal PersonState? State(WorkspaceId workspace, PersonId id) => _persons.GetValueOrDefault((workspace, id));

    /// <summary>Every person of <paramref name="workspace"/>, in no particular order.</summary>
    internal IEnumerable<PersonState> PersonsIn(WorkspaceId workspace) => _persons.Values.Where(p => p.Workspace == workspace);

    /// <summary>The message's identifiers, strongest first; an alias adds its previous id (a known user id, else an anonymous id).</summary>
    private List<Identifier> Identifiers(CollectedMessage message)
    {
        var rules = RulesFor(message.WorkspaceId);
        var identifiers = new List<Identifier>(IdentifierExtractor.Extract(message, rules));
        if (Separations.Any)
        {
            identifiers.RemoveAll(i => Separations.IsDetached(message.WorkspaceId, i));
        }

        if (message.Type == MessageType.Alias && message.PreviousId is { } previous)
        {
            var asUser = rules.Create(IdentifierTypes.UserId, previous);
            var previousId = asUser is { } user && Owner(message.WorkspaceId, user) is not null
                ? asUser
                : rules.Create(IdentifierTypes.AnonymousId, previous);
            if (previousId is { } id && !identifiers.Contains(id) && !Separations.IsDetached(message.WorkspaceId, id))
            {
                var priority = rules.Definition(id.Type).Priority;
                var at = identifiers.FindIndex(i => rules.Definition(i.Type).Priority > priority);
                identifiers.Insert(at < 0 ? identifiers.Count : at, id);
            }
        }

        return identifiers;
    }

    /// <summary>The rules of <paramref name="workspace"/>: its own, once it has set any, else the ones the graph was made with.</summary>
    public IdentityRules RulesFor(WorkspaceId workspace) => _workspaceRules.GetValueOrDefault(workspace) ?? _rules;

    /// <summary>From now on, <paramref name="workspace"/>'s messages resolve by <paramref name="rules"/>; persons already formed stay.</summary>
    public void SetRules(WorkspaceId workspace, IdentityRules rules) => _workspaceRules[workspace] = rules;

    private int? Limit(PersonState person, string type) => RulesFor(person.Workspace).Definition(type).MaxPerPerson;

    /// <summary>How many values of <paramref name="type"/> count against the limit at <paramref name="at"/>: all, or those first seen within the type's window.</summary>
    private int Held(PersonState person, string type, DateTimeOffset at) =>
        RulesFor(person.Workspace).Definition(type).Window is { } window
            ? person.Identifiers.Count(l => l.Identifier.Type == type && l.FirstSeen > at - window)
            : person.Count(type);

    /// <summary>Whether <paramref name="person"/> can hold <paramref name="identifier"/> together with the other new ones of its type.</summary>
    private bool Fits(PersonState person, Identifier identifier, List<Identifier> alsoNew, DateTimeOffset at) =>
        !IsApart(person, identifier)
        && (Limit(person, identifier.Type) is not { } limit || Held(person, identifier.Type, at) + alsoNew.Count(n => n.Type == identifier.Type) <= limit);

    /// <summary>
    /// Two persons merge only if the result stays within every type's limit, the hard caps and the
    /// windowed fan-out rule, and neither is quarantined. Passing a cap or the fan-out rule quarantines
    /// the person with the larger fan-out instead (ProfileGraph.Quarantine.cs).
    /// </summary>
    private bool CanMerge(PersonState a, PersonState b, Linking linking)
    {
        if (a.Quarantine is not null || b.Quarantine is not null || AreApart(a, b))
        {
            return false;
        }

        var at = linking.Message.Timestamp;
        if (!b.Identifiers.Select(l => l.Identifier.Type).Distinct()
                .All(type => Limit(a, type) is not { } limit || Held(a, type, at) + Held(b, type, at) <= limit))
        {
            return false;
        }

        return !TryQuarantine(a, b, linking);
    }

    /// <summary>Links a new identifier within its type's limit, recording the edge to the message's anchor identifier.</summary>
    private void TryLink(PersonState person, Identifier identifier, Linking linking)
    {
        if (Owner(person.Workspace, identifier) is not null
            || IsApart(person, identifier)
            || (Limit(person, identifier.Type) is { } limit && Held(person, identifier.Type, linking.Message.Timestamp) >= limit)
            || person.Identifiers.Count >= RulesFor(person.Workspace).MaxIdentifiersPerPerson)
        {
            return;
        }

        var message = linking.Message;
        person.Identifiers.Add(new IdentifierLink(identifier, message.Timestamp, linking.Position, message.SourceId));
        _owners[(person.Workspace, identifier)] = person;
        if (linking.Anchor is { } anchor)
        {
            person.Links.Add(linking.Edge(identifier, anchor, IdentityLinkKind.Linked));
        }
        else
        {
            // The first identifier of a new person is the root of its graph.
            linking.Anchor = identifier;
        }
    }

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

    /// <summary>Merges the persons; <paramref name="via"/> is the identifier of <paramref name="b"/> the message carried.</summary>
    private PersonState Merge(PersonState a, PersonState b, Identifier via, Linking linking, ICollection<PersonMerge> merges, IdentityLinkKind kind = IdentityLinkKind.Merged)
    {
        var (survivor, merged) = a.CreatedPosition <= b.CreatedPosition ? (a, b) : (b, a);
        survivor.Absorb(merged, RulesFor(survivor.Workspace).TraitRuleFor);
        foreach (var link in merged.Identifiers)
        {
            _owners[(survivor.Workspace, link.Identifier)] = survivor;
        }

        if (linking.Anchor is { } anchor)
        {
            survivor.Links.Add(linking.Edge(via, anchor, kind));
        }
        else
        {
            linking.Anchor = via;
        }

        _persons.Remove((merged.Workspace, merged.Id));
        _dirty.Remove(merged);
        merges.Add(new PersonMerge(survivor.Workspace, survivor.Id, merged.Id, linking.Position));
        return survivor;
    }

    /// <summary>One message being applied, and the identifier of it that new links attach to.</summary>
    private sealed class Linking(CollectedMessage message, long position)
    {
        public CollectedMessage Message { get; } = message;
        public long Position { get; } = position;
        public Identifier? Anchor { get; set; }

        public IdentityLink Edge(Identifier from, Identifier to, IdentityLinkKind kind) =>
            new(from, to, kind, Position, Message.MessageId, Message.SourceId, Message.Timestamp);
    }
}

using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles;

/// <summary>The mutable state of one person inside <see cref="ProfileGraph"/>.</summary>
internal sealed class PersonState(WorkspaceId workspace, PersonId id, long createdPosition, DateTimeOffset firstSeen)
{
    public WorkspaceId Workspace { get; } = workspace;
    public PersonId Id { get; } = id;
    public long CreatedPosition { get; } = createdPosition;
    public DateTimeOffset FirstSeen { get; private set; } = firstSeen;
    public DateTimeOffset LastSeen { get; private set; } = firstSeen;
    public long EventCount { get; private set; }
    public Dictionary<string, TraitValue> Traits { get; } = new(StringComparer.Ordinal);
    public List<IdentifierLink> Identifiers { get; } = [];
    public List<IdentityLink> Links { get; } = [];
    public int MergeCount { get; private set; }
    public Quarantine? Quarantine { get; set; }

    public int Count(string identifierType) => Identifiers.Count(l => l.Identifier.Type == identifierType);

    /// <summary>
    /// The merges on shared identifiers whose event is later than <paramref name="since"/>, counted from
    /// the stored links, so the count survives a snapshot and reload. At most <see cref="MergeCount"/>.
    /// </summary>
    public int MergesSince(DateTimeOffset since) => Links.Count(l => l.Kind == IdentityLinkKind.Merged && l.At > since);

    public static PersonState From(PersonSnapshot snapshot)
    {
        var state = new PersonState(snapshot.WorkspaceId, snapshot.Id, snapshot.CreatedPosition, snapshot.FirstSeen)
        {
            LastSeen = snapshot.LastSeen,
            EventCount = snapshot.EventCount,
            MergeCount = snapshot.MergeCount,
            Quarantine = snapshot.Quarantine,
        };
        foreach (var (key, value) in snapshot.Traits)
        {
            state.Traits[key] = value;
        }

        state.Identifiers.AddRange(snapshot.Identifiers);
        state.Links.AddRange(snapshot.Links);
        return state;
    }

    public PersonSnapshot ToSnapshot() =>
        new(Workspace, Id, CreatedPosition, FirstSeen, LastSeen, EventCount,
            new Dictionary<string, TraitValue>(Traits, StringComparer.Ordinal), [.. Identifiers])
        {
            Links = [.. Links],
            MergeCount = MergeCount,
            Quarantine = Quarantine,
        };

    public void CountEvent(DateTimeOffset timestamp)
    {
        EventCount++;
        FirstSeen = timestamp < FirstSeen ? timestamp : FirstSeen;
        LastSeen = timestamp > LastSeen ? timestamp : LastSeen;
    }

    /// <summary>Each trait keeps the value its <see cref="TraitRule"/> prefers (by default the newest event's; on a tie the later message's).</summary>
    public void SetTraits(JsonElement traits, Collect.CollectedMessage message, long position, Func<string, TraitRule> rules)
    {
        foreach (var property in traits.EnumerateObject())
        {
            SetTrait(property.Name, new TraitValue(property.Value.Clone(), message.Timestamp, message.SourceId, message.MessageId, position), rules);
        }
    }

    public void Absorb(PersonState other, Func<string, TraitRule> rules)
    {
        EventCount += other.EventCount;
        FirstSeen = other.FirstSeen < FirstSeen ? other.FirstSeen : FirstSeen;
        LastSeen = other.LastSeen > LastSeen ? other.LastSeen : LastSeen;
        foreach (var (key, value) in other.Traits)
        {
            SetTrait(key, value, rules);
        }

        Identifiers.AddRange(other.Identifiers);
        Links.AddRange(other.Links);
        MergeCount += other.MergeCount + 1;
    }

    private void SetTrait(string key, TraitValue value, Func<string, TraitRule> rules)
    {
        if (!Traits.TryGetValue(key, out var current) || rules(key).Replaces(value, current))
        {
            Traits[key] = value;
        }
    }
}

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

    /// <summary>Value counts of the traits whose rule is MostFrequent; null while there are none, so other rules cost nothing.</summary>
    private Dictionary<string, TraitHistogram>? _histograms;

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

        foreach (var (key, counts) in snapshot.TraitCounts)
        {
            (state._histograms ??= new(StringComparer.Ordinal))[key] = TraitHistogram.From(counts);
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
            TraitCounts = _histograms is { Count: > 0 }
                ? _histograms.ToDictionary(h => h.Key, h => h.Value.Ranked(), StringComparer.Ordinal)
                : PersonSnapshot.NoTraitCounts,
        };

    public void CountEvent(DateTimeOffset timestamp)
    {
        EventCount++;
        FirstSeen = timestamp < FirstSeen ? timestamp : FirstSeen;
        LastSeen = timestamp > LastSeen ? timestamp : LastSeen;
    }

    /// <summary>
    /// Sets the traits one event carries: <paramref name="traits"/> are its trait objects in the order they apply (an identify
    /// call's traits, then context.traits). Each trait keeps the value its <see cref="TraitRule"/> prefers (by default the newest
    /// event's; on a tie the later message's). A MostFrequent trait counts the event once per distinct value, however many of
    /// the objects carry it.
    /// </summary>
    public void SetTraits(IReadOnlyList<JsonElement> traits, Collect.CollectedMessage message, long position, Func<string, TraitRule> rules)
    {
        HashSet<(string Trait, string Key)>? counted = null;
        foreach (var properties in traits)
        {
            foreach (var property in properties.EnumerateObject())
            {
                var value = new TraitValue(property.Value.Clone(), message.Timestamp, message.SourceId, message.MessageId, position);
                var rule = rules(property.Name);
                if (rule.Survivorship != TraitSurvivorship.MostFrequent)
                {
                    SetTrait(property.Name, value, rule);
                    continue;
                }

                var key = TraitHistogram.KeyOf(value.Value);
                if ((counted ??= []).Add((property.Name, key)))
                {
                    var histogram = HistogramOf(property.Name);
                    histogram.Count(key, value);
                    Traits[property.Name] = histogram.Winner;
                }
            }
        }
    }

    public void Absorb(PersonState other, Func<string, TraitRule> rules)
    {
        EventCount += other.EventCount;
        FirstSeen = other.FirstSeen < FirstSeen ? other.FirstSeen : FirstSeen;
        LastSeen = other.LastSeen > LastSeen ? other.LastSeen : LastSeen;
        foreach (var (key, value) in other.Traits)
        {
            var rule = rules(key);
            if (rule.Survivorship == TraitSurvivorship.MostFrequent && other._histograms?.GetValueOrDefault(key) is { } theirs)
            {
                var mine = HistogramOf(key);
                mine.Absorb(theirs);
                Traits[key] = mine.Winner;
            }
            else if (rule.Survivorship != TraitSurvivorship.MostFrequent || _histograms?.ContainsKey(key) != true)
            {
                // When only this person counted a MostFrequent trait, its value stays: a counted value beats one set before the rule.
                SetTrait(key, value, rule);
            }
        }

        Identifiers.AddRange(other.Identifiers);
        Links.AddRange(other.Links);
        MergeCount += other.MergeCount + 1;
    }

    /// <summary>Sets a value by comparing it with the current one. A histogram lives only while its trait's rule is MostFrequent: this ends it.</summary>
    private void SetTrait(string key, TraitValue value, TraitRule rule)
    {
        _histograms?.Remove(key);
        if (!Traits.TryGetValue(key, out var current) || rule.Replaces(value, current))
        {
            Traits[key] = value;
        }
    }

    private TraitHistogram HistogramOf(string key)
    {
        _histograms ??= new(StringComparer.Ordinal);
        if (!_histograms.TryGetValue(key, out var histogram))
        {
            _histograms[key] = histogram = new TraitHistogram();
        }

        return histogram;
    }
}

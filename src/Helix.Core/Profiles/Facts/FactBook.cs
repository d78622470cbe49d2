using System.Text.Json;
using Helix.Core.Audiences;
using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Identity;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Core.Profiles.Facts;

/// <summary>
/// The facts fold that runs beside <see cref="ProfileGraph"/>: each person's computed traits, updated
/// incrementally on each matching event (never by rescanning history), and tags, re-evaluated after each
/// of the person's events, merges, list imports, model runs and definition changes, and when a windowed
/// computed trait's window moves (<see cref="Sweep"/>). Every tag change is recorded with why.
/// <para>Event-driven evaluation reads windows as of the event's receive time, so a replay of the log
/// derives the same tags with the same history; only <see cref="Sweep"/> reads the clock.</para>
/// Workspaces without definitions cost nothing. Not thread-safe; the pipeline applies from one thread.
/// </summary>
public sealed partial class FactBook(ProfileGraph graph)
{
    private readonly Dictionary<WorkspaceId, WorkspaceFacts> _workspaces = [];
    private readonly Dictionary<(WorkspaceId, PersonId), PersonFacts> _persons = [];
    private readonly HashSet<(WorkspaceId, PersonId)> _changed = [];
    private readonly HashSet<(WorkspaceId, PersonId)> _removed = [];
    private readonly List<TagHistoryEntry> _history = [];
    private readonly List<SegmentHistoryEntry> _segmentHistory = [];
    private readonly PriorityQueue<(WorkspaceId, PersonId), DateTimeOffset> _expiries = new();

    /// <summary>The definitions in force for <paramref name="workspace"/>; <see cref="ProfileDefinitions.Empty"/> before any.</summary>
    public ProfileDefinitions DefinitionsOf(WorkspaceId workspace) => _workspaces.GetValueOrDefault(workspace)?.Definitions ?? ProfileDefinitions.Empty;

    /// <summary>
    /// Restores the state committed with the last checkpoint. Every loaded person is due for the first
    /// <see cref="Sweep"/>, which catches up on windows that moved while Helix was stopped.
    /// </summary>
    public void Load(
        IReadOnlyDictionary<WorkspaceId, ProfileDefinitions> definitions,
        IEnumerable<(WorkspaceId Workspace, string Tag, Identifier Identifier)> listMembers,
        IEnumerable<PersonFactsSnapshot> persons)
    {
        foreach (var (workspace, defs) in definitions)
        {
            _workspaces[workspace] = new WorkspaceFacts(defs);
        }

        foreach (var (workspace, tag, identifier) in listMembers)
        {
            Workspace(workspace).Members(tag).Add(identifier);
        }

        foreach (var snapshot in persons)
        {
            var facts = new PersonFacts();
            foreach (var (name, json) in snapshot.Computed)
            {
                facts.Computed[name] = ComputedTraitState.ReadFrom(JsonElement.Parse(json));
            }

            foreach (var (tag, value) in snapshot.ModelTags)
            {
                facts.ModelTags[tag] = value;
            }

            foreach (var (tag, held) in snapshot.Tags)
            {
                facts.Tags[tag] = held;
            }

            facts.Profiling = snapshot.Profiling;
            var plan = DefinitionsOf(snapshot.WorkspaceId).Plan;
            foreach (var (segment, since) in snapshot.Segments)
            {
                if (plan.Realtime.Any(r => r.Segment.Name == segment))
                {
                    facts.Segments[segment] = since;
                }
            }

            _persons[(snapshot.WorkspaceId, snapshot.Person)] = facts;
            _expiries.Enqueue((snapshot.WorkspaceId, snapshot.Person), DateTimeOffset.MinValue);
        }
    }

    /// <summary>After <see cref="ProfileGraph.Apply"/>: feeds the message to the person's computed traits and re-evaluates the person's tags.</summary>
    public void Observe(CollectedMessage message, PersonId person, long position)
    {
        var key = (message.WorkspaceId, person);
        ObserveConsent(message, key, position);
        if (!_workspaces.TryGetValue(message.WorkspaceId, out var workspace) || workspace.Definitions.Version == 0)
        {
            return;
        }

        ObserveComputed(workspace.Definitions.FoldedTraits, key, message);
        Evaluate(key, message.ReceivedAt, position, $"event {message.MessageId}");
    }

    /// <summary>A merge in the identity graph: the survivor takes the merged person's computed traits and model tags; its tags are evaluated with its next event (or by <see cref="EvaluatePersons"/>).</summary>
    public void Merge(PersonMerge merge)
    {
        var merged = (merge.WorkspaceId, merge.Merged);
        if (!_persons.Remove(merged, out var facts))
        {
            return;
        }

        _changed.Remove(merged);
        _removed.Add(merged);
        Facts((merge.WorkspaceId, merge.Survivor)).Absorb(facts);
        _changed.Add((merge.WorkspaceId, merge.Survivor));
    }

    /// <summary>Persons an identity operation resolved again: their facts are dropped and rebuilt from their events' new owners.</summary>
    public void Refold(WorkspaceId workspace, IEnumerable<PersonId> replaced, IReadOnlyList<(PersonId Owner, CollectedMessage Message, long Position)> events)
    {
        foreach (var person in replaced)
        {
            if (_persons.Remove((workspace, person)))
            {
                _changed.Remove((workspace, person));
                _removed.Add((workspace, person));
            }
        }

        foreach (var (owner, message, position) in events)
        {
            ObserveConsent(message, (workspace, owner), position);
        }

        if (!_workspaces.TryGetValue(workspace, out var facts) || facts.Definitions.Version == 0)
        {
            return;
        }

        foreach (var (owner, message, _) in events)
        {
            ObserveComputed(facts.Definitions.FoldedTraits, (workspace, owner), message);
        }
    }

    /// <summary>An erased person: their facts go, and the store drops their rows.</summary>
    public void Forget(WorkspaceId workspace, PersonId person)
    {
        _persons.Remove((workspace, person));
        _changed.Remove((workspace, person));
        _removed.Add((workspace, person));
    }

    /// <summary>Re-evaluates the tags of persons changed outside their own events (operations, merges).</summary>
    public void EvaluatePersons(WorkspaceId workspace, IEnumerable<PersonId> persons, DateTimeOffset now, long position, string reason)
    {
        if (!_workspaces.TryGetValue(workspace, out var facts) || facts.Definitions.Version == 0)
        {
            return;
        }

        foreach (var person in persons.Distinct())
        {
            Evaluate((workspace, person), now, position, reason);
        }
    }

    /// <summary>Re-evaluates persons whose windowed computed traits moved by <paramref name="now"/>. Returns how many were evaluated.</summary>
    public int Sweep(DateTimeOffset now, long position)
    {
        var evaluated = 0;
        while (_expiries.TryPeek(out var key, out var due) && due <= now)
        {
            _expiries.Dequeue();
            if (_persons.ContainsKey(key))
            {
                Evaluate(key, now, position, "window expiry");
                evaluated++;
            }
        }

        return evaluated;
    }

    /// <summary>Snapshots of persons whose facts changed since the last call, and the persons whose facts rows must go.</summary>
    public (IReadOnlyList<PersonFactsSnapshot> Changed, IReadOnlyList<(WorkspaceId, PersonId)> Removed) TakeChanged()
    {
        var changed = _changed.Where(_persons.ContainsKey).Select(key => Snapshot(key, _persons[key])).ToList();
        var removed = _removed.Where(key => !_persons.ContainsKey(key)).ToList();
        _changed.Clear();
        _removed.Clear();
        return (changed, removed);
    }

    public IReadOnlyList<TagHistoryEntry> TakeHistory()
    {
        var history = _history.ToList();
        _history.Clear();
        return history;
    }

    public IReadOnlyList<SegmentHistoryEntry> TakeSegmentHistory()
    {
        var history = _segmentHistory.ToList();
        _segmentHistory.Clear();
        return history;
    }

    /// <summary>The person's tags now (for reads and tests).</summary>
    public IReadOnlyDictionary<string, HeldTag> TagsOf(WorkspaceId workspace, PersonId person) =>
        _persons.TryGetValue((workspace, person), out var facts) ? facts.Tags : new Dictionary<string, HeldTag>();

    private void ObserveComputed(IReadOnlyList<ComputedTraitDefinition> definitions, (WorkspaceId, PersonId) key, CollectedMessage message)
    {
        foreach (var definition in definitions)
        {
            if (definition.SignOf(message) != 0)
            {
                var facts = Facts(key);
                if (!facts.Computed.TryGetValue(definition.Name, out var state))
                {
                    facts.Computed[definition.Name] = state = new ComputedTraitState();
                }

                state.Observe(definition, message);
                // Buckets wholly outside the window as of the receive time never count again (later instants only
                // move the window on), so dropping them keeps a person's state bounded without changing any value.
                state.Prune(definition, message.ReceivedAt);
                _changed.Add(key);
            }
        }
    }

    private void Evaluate((WorkspaceId Workspace, PersonId Person) key, DateTimeOffset now, long position, string reason)
    {
        // A person can hold facts (a profiling statement) in a workspace with no definitions: nothing to evaluate.
        if (!_workspaces.TryGetValue(key.Workspace, out var workspace) || graph.State(key.Workspace, key.Person) is not { } person)
        {
            return;
        }

        var facts = Facts(key);
        var view = new FactsView(person, facts, workspace.Definitions, workspace.Lists, now);
        var after = TagEvaluator.Evaluate(workspace.Definitions.Catalog, view);
        if (facts.Refusal is { } refusal)
        {
            after = new Dictionary<string, string?>();
            reason = RefusalReason(refusal);
            DropModelValues(key, facts);
        }

        var before = facts.Tags.ToDictionary(t => t.Key, t => t.Value.Value, StringComparer.Ordinal);
        foreach (var change in TagDiff.Between(before, after))
        {
            if (change.Kind == TagChangeKind.Lost)
            {
                facts.Tags.Remove(change.Tag);
            }
            else
            {
                facts.Tags[change.Tag] = new HeldTag(change.NewValue, now);
            }

            _history.Add(new TagHistoryEntry(key.Workspace, key.Person, change.Tag, change.Kind, change.OldValue, change.NewValue, now, position, reason));
            _changed.Add(key);
        }

        EvaluateSegments(key, workspace.Definitions.Plan, view, facts, now, position, reason);
        ScheduleExpiry(key.Workspace, key.Person, facts, now);
    }

    /// <summary>
    /// Real-time segments in order, each rule read from the same facts view as the tags (its dids are hidden
    /// computed traits) and from the tags just evaluated; entering and leaving are recorded as segment history.
    /// </summary>
    private void EvaluateSegments(
        (WorkspaceId Workspace, PersonId Person) key, SegmentPlan plan, FactsView view, PersonFacts facts, DateTimeOffset now, long position, string reason)
    {
        if (facts.Refusal is not null)
        {
            LeaveScheduled(key, plan, now, position, reason);
        }

        if (plan.Realtime.Count == 0 && facts.Segments.Count == 0)
        {
            return;
        }

        // A person refusing profiling is in no segment built from their behaviour or traits: all of them leave.
        var members = new HashSet<string>(StringComparer.Ordinal);
        var tags = facts.Tags.ToDictionary(t => t.Key, t => t.Value.Value, StringComparer.Ordinal);
        var person = new AudiencePerson(view, tags, [], members.Contains);
        foreach (var (segment, rule) in plan.Realtime)
        {
            if (facts.Refusal is null && AudienceEvaluator.Holds(rule, person, now))
            {
                members.Add(segment.Name);
            }
        }

        foreach (var left in facts.Segments.Keys.Where(s => !members.Contains(s)).ToList())
        {
            facts.Segments.Remove(left);
            _segmentHistory.Add(new SegmentHistoryEntry(key.Workspace, key.Person, left, false, now, position, reason));
            _changed.Add(key);
        }

        foreach (var entered in members.Where(s => !facts.Segments.ContainsKey(s)))
        {
            facts.Segments[entered] = now;
            _segmentHistory.Add(new SegmentHistoryEntry(key.Workspace, key.Person, entered, true, now, position, reason));
            _changed.Add(key);
        }
    }

    private void ScheduleExpiry(WorkspaceId workspace, PersonId person, PersonFacts facts, DateTimeOffset now)
    {
        if (!_workspaces.TryGetValue(workspace, out var book))
        {
            return;
        }

        DateTimeOffset? next = null;
        foreach (var (name, state) in facts.Computed)
        {
            if (book.Definitions.ComputedTrait(name) is { Window: not null } definition && state.NextChange(definition, now) is { } due && (next is null || due < next))
            {
                next = due;
            }
        }

        // Only a strictly later instant: a due time at or before now would make Sweep evaluate the person forever.
        if (next is { } at && at > now)
        {
            _expiries.Enqueue((workspace, person), at);
        }
    }

    private PersonFacts Facts((WorkspaceId, PersonId) key)
    {
        if (!_persons.TryGetValue(key, out var facts))
        {
            _persons[key] = facts = new PersonFacts();
            _removed.Remove(key);
        }

        return facts;
    }

    private WorkspaceFacts Workspace(WorkspaceId workspace)
    {
        if (!_workspaces.TryGetValue(workspace, out var facts))
        {
            _workspaces[workspace] = facts = new WorkspaceFacts(ProfileDefinitions.Empty);
        }

        return facts;
    }

    private static PersonFactsSnapshot Snapshot((WorkspaceId Workspace, PersonId Person) key, PersonFacts facts) =>
        new(key.Workspace, key.Person,
            facts.Computed.Where(c => !c.Value.IsEmpty).ToDictionary(c => c.Key, c => StateJson(c.Value), StringComparer.Ordinal),
            new Dictionary<string, string>(facts.ModelTags, StringComparer.Ordinal),
            new Dictionary<string, HeldTag>(facts.Tags, StringComparer.Ordinal))
        {
            Segments = new Dictionary<string, DateTimeOffset>(facts.Segments, StringComparer.Ordinal),
            Profiling = facts.Profiling,
        };

    private static string StateJson(ComputedTraitState state)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            state.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A workspace's definitions and the members of its imported list tags.</summary>
    private sealed class WorkspaceFacts(ProfileDefinitions definitions)
    {
        public ProfileDefinitions Definitions { get; set; } = definitions;

        public Dictionary<string, HashSet<Identifier>> Lists { get; } = new(StringComparer.Ordinal);

        public HashSet<Identifier> Members(string tag)
        {
            if (!Lists.TryGetValue(tag, out var members))
            {
                Lists[tag] = members = [];
            }

            return members;
        }
    }
}

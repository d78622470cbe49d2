using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Runtime;

/// <summary>
/// One round of the journey runtime as a pure computation: given the journeys, the stored state of the persons
/// involved and the inputs in order (due timers, events, segment changes, API entries), it walks each person with
/// <see cref="JourneyMachine"/> and collects every change. The runtime commits <see cref="Changes"/> in one
/// transaction with its cursors, so a crash repeats the round from the same inputs and, the walk being a function of
/// them, yields the same outbox keys: no action is stored twice.
/// </summary>
public sealed class JourneyTick
{
    /// <summary>An event or segment change older than this enters nobody: an import of last year's orders sends no care message.</summary>
    public static readonly TimeSpan EntryFreshness = TimeSpan.FromDays(1);

    private readonly Dictionary<(WorkspaceId, string), RunningJourney> _journeys;
    private readonly Func<WorkspaceId, string, int, JourneyDefinition?> _version;
    private readonly Dictionary<(WorkspaceId, string, PersonId), JourneyMember?> _members = [];
    // The journeys each person has a membership in (in the order they were loaded or entered): an event looks up its
    // person's memberships instead of scanning every membership of the round.
    private readonly Dictionary<(WorkspaceId, PersonId), List<string>> _journeysOf = [];
    private readonly Dictionary<(WorkspaceId, string, PersonId), LastEntry> _entries;
    private readonly Func<WorkspaceId, PersonId, IJourneyContext> _context;
    private readonly DateTimeOffset _now;

    /// <param name="journeys">Every live and paused journey's current version.</param>
    /// <param name="version">The definition of a journey's version (members finish on the version they entered with).</param>
    /// <param name="members">Where the persons of this round's inputs stand now, in each journey they are in.</param>
    /// <param name="entries">Those persons' last entry into each journey.</param>
    public JourneyTick(
        IEnumerable<RunningJourney> journeys,
        Func<WorkspaceId, string, int, JourneyDefinition?> version,
        IEnumerable<JourneyMember> members,
        IReadOnlyDictionary<(WorkspaceId, string, PersonId), LastEntry> entries,
        Func<WorkspaceId, PersonId, IJourneyContext> context,
        DateTimeOffset now)
    {
        _journeys = journeys.ToDictionary(j => (j.Workspace, j.Definition.Name));
        _version = version;
        foreach (var member in members)
        {
            SetMember((member.Workspace, member.Journey, member.Person), member);
        }

        _entries = new Dictionary<(WorkspaceId, string, PersonId), LastEntry>(entries);
        _context = context;
        _now = now;
    }

    public JourneyChanges Changes { get; } = new();

    /// <summary>The member's timer is due: walk on from where they wait.</summary>
    public void Wake(JourneyMember member)
    {
        if (Current(member) is not { } current || !Running(current) || current.Position.WakeAt is not { } due || due > _now)
        {
            return;
        }

        Move(current, (machine, position) => machine.Wake(position, due));
    }

    public void Apply(JourneyInput input)
    {
        switch (input)
        {
            case EventInput e:
                // Those inside first: a purchase that is the goal of one journey and the entry of another does both.
                foreach (var journey in _journeysOf.GetValueOrDefault((e.Workspace, e.Person))?.ToList() ?? [])
                {
                    if (_members[(e.Workspace, journey, e.Person)] is { } member && Running(member))
                    {
                        Move(member, (machine, position) => machine.Observe(position, e.Message));
                    }
                }

                if (Fresh(e.Message.Timestamp))
                {
                    foreach (var journey in Live(e.Workspace).Where(j => j.Definition.Entry is EventEntry entry && entry.Event.Matches(e.Message)))
                    {
                        TryEnter(journey, e.Person, Min(e.Message.Timestamp, _now), $"event:{e.Message.MessageId}");
                    }
                }

                break;
            case SegmentInput s:
                foreach (var journey in Live(s.Workspace).Where(j => j.Definition.Entry is SegmentEntry entry && entry.Segment == s.Segment && entry.OnExit != s.Entered))
                {
                    if (Fresh(s.At))
                    {
                        TryEnter(journey, s.Person, Min(s.At, _now), s.Trigger);
                    }
                }

                break;
            case RequestedInput a:
                if (_journeys.TryGetValue((a.Workspace, a.Journey), out var asked) && asked.Status == JourneyStatus.Live
                    && asked.Definition.Entry is ApiEntry or ScheduleEntry or AnniversaryEntry)
                {
                    TryEnter(asked, a.Person, Min(a.At, _now), a.Trigger);
                }

                break;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private bool Fresh(DateTimeOffset at) => at >= _now - EntryFreshness;

    private IEnumerable<RunningJourney> Live(WorkspaceId workspace) =>
        _journeys.Values.Where(j => j.Workspace == workspace && j.Status == JourneyStatus.Live).OrderBy(j => j.Definition.Name, StringComparer.Ordinal);

    /// <summary>A member moves only while their journey is live; paused holds them where they are.</summary>
    private bool Running(JourneyMember member) =>
        _journeys.TryGetValue((member.Workspace, member.Journey), out var journey) && journey.Status == JourneyStatus.Live;

    private JourneyMember? Current(JourneyMember member) =>
        _members.TryGetValue((member.Workspace, member.Journey, member.Person), out var current) ? current : member;

    private void TryEnter(RunningJourney journey, PersonId person, DateTimeOffset at, string trigger)
    {
        var name = journey.Definition.Name;
        var key = (journey.Workspace, name, person);
        var last = _entries.GetValueOrDefault(key);
        var allowed = last is null || (!last.Inside && journey.Definition.Reentry switch
        {
            { Mode: ReentryMode.AfterExit } => true,
            { Mode: ReentryMode.AfterDelay, After: { } after } => at >= last.EnteredAt + after,
            _ => false,
        });
        if (!allowed)
        {
            return;
        }

        var entry = (last?.Entry ?? 0) + 1;
        var machine = new JourneyMachine(journey.Definition, person.Value, _context(journey.Workspace, person));
        _entries[key] = new LastEntry(entry, at, Inside: true);
        Changes.Started.Add(new EntryStarted(journey.Workspace, name, journey.Version, person, entry, at, machine.HeldOut, trigger));
        var member = new JourneyMember(journey.Workspace, name, journey.Version, person, entry, new JourneyPosition(journey.Definition.Start, at, at, null), machine.HeldOut);
        var (position, effects) = machine.Enter(at);
        Record(member, position, effects);
    }

    private void Move(JourneyMember member, Func<JourneyMachine, JourneyPosition, (JourneyPosition?, IReadOnlyList<JourneyEffect>)> step)
    {
        if (_version(member.Workspace, member.Journey, member.Version) is not { } definition)
        {
            return;
        }

        var machine = new JourneyMachine(definition, member.Person.Value, _context(member.Workspace, member.Person));
        var (position, effects) = step(machine, member.Position);
        if (effects.Count > 0 || position != member.Position)
        {
            Record(member, position, effects);
        }
    }

    private void SetMember((WorkspaceId Workspace, string Journey, PersonId Person) key, JourneyMember? member)
    {
        if (_members.TryAdd(key, member))
        {
            _journeysOf.TryAdd((key.Workspace, key.Person), []);
            _journeysOf[(key.Workspace, key.Person)].Add(key.Journey);
        }
        else
        {
            _members[key] = member;
        }
    }

    private void Record(JourneyMember member, JourneyPosition? position, IReadOnlyList<JourneyEffect> effects)
    {
        var (ws, journey, version, person, entry) = (member.Workspace, member.Journey, member.Version, member.Person, member.Entry);
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case StepReached r:
                    Changes.Steps.Add(new StepRecord(ws, journey, version, person, entry, r.Step, StepRecord.Reached, null, r.At));
                    break;
                case ArmChosen c:
                    Changes.Steps.Add(new StepRecord(ws, journey, version, person, entry, c.Step, StepRecord.Arm, c.Arm, c.At));
                    break;
                case BranchTaken b:
                    Changes.Steps.Add(new StepRecord(ws, journey, version, person, entry, b.Step, StepRecord.Branch, b.Branch, b.At));
                    break;
                case ActionSkipped s:
                    Changes.Steps.Add(new StepRecord(ws, journey, version, person, entry, s.Step, StepRecord.Skipped, s.Reason, s.At));
                    break;
                case ActionTaken a:
                    Changes.Outbox.Add(new OutboxItem(ws, OutboxItem.KeyOf(journey, entry, a.Step, person), journey, version, person, entry, a.Step, a.Action, a.At, a.Withheld));
                    break;
                case JourneyExited x:
                    Changes.Ended.Add(new EntryEnded(ws, journey, person, entry, x.At, x.Step, x.Converted ? "goal" : "exit"));
                    break;
            }
        }

        var key = (ws, journey, person);
        SetMember(key, position is null ? null : member with { Position = position });
        Changes.Members[key] = _members[key];
        if (position is null && _entries.TryGetValue(key, out var last))
        {
            _entries[key] = last with { Inside = false };
        }
    }
}

/// <summary>Everything a round changed, to commit at once.</summary>
public sealed class JourneyChanges
{
    /// <summary>Each touched membership's new state; null: the person left.</summary>
    public Dictionary<(WorkspaceId Workspace, string Journey, PersonId Person), JourneyMember?> Members { get; } = [];

    public List<EntryStarted> Started { get; } = [];

    public List<EntryEnded> Ended { get; } = [];

    public List<StepRecord> Steps { get; } = [];

    public List<OutboxItem> Outbox { get; } = [];
}

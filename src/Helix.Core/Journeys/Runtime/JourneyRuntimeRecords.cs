using Helix.Core.Collect;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Journeys.Runtime;

/// <summary>A journey's current version as the runtime sees it: live ones enter people; paused ones hold those inside.</summary>
public sealed record RunningJourney(WorkspaceId Workspace, JourneyDefinition Definition, int Version, JourneyStatus Status);

/// <summary>A person inside a journey: on the version they entered with, their <see cref="Entry"/>-th entry, where they stand.</summary>
public sealed record JourneyMember(WorkspaceId Workspace, string Journey, int Version, PersonId Person, int Entry, JourneyPosition Position, bool HeldOut);

/// <summary>A person's last entry into a journey: its number, when, and whether they are still inside.</summary>
public sealed record LastEntry(int Entry, DateTimeOffset EnteredAt, bool Inside);

/// <summary>What can move people: a stored event of theirs, a segment change, or an entry asked for (API, schedule, anniversary).</summary>
public abstract record JourneyInput(WorkspaceId Workspace, PersonId Person);

public sealed record EventInput(WorkspaceId Workspace, PersonId Person, CollectedMessage Message) : JourneyInput(Workspace, Person);

/// <param name="Trigger">The history row's identity (<c>segment:…</c>), recorded when acted on so it is never acted on twice.</param>
public sealed record SegmentInput(WorkspaceId Workspace, PersonId Person, string Segment, bool Entered, DateTimeOffset At, string Trigger)
    : JourneyInput(Workspace, Person);

/// <summary>An entry asked for one journey: through the API, or by the journey's own schedule or anniversary run.</summary>
public sealed record RequestedInput(WorkspaceId Workspace, PersonId Person, string Journey, DateTimeOffset At, string Trigger) : JourneyInput(Workspace, Person);

public sealed record EntryStarted(WorkspaceId Workspace, string Journey, int Version, PersonId Person, int Entry, DateTimeOffset At, bool HeldOut, string Trigger);

/// <param name="Reason"><c>exit</c> (an exit step), <c>goal</c> (converted) or <c>archived</c>.</param>
public sealed record EntryEnded(WorkspaceId Workspace, string Journey, PersonId Person, int Entry, DateTimeOffset At, string Step, string Reason);

/// <summary>One line of a walk, for statistics: a step reached, an arm or branch chosen (<see cref="Detail"/> names it), a send skipped.</summary>
public sealed record StepRecord(WorkspaceId Workspace, string Journey, int Version, PersonId Person, int Entry, string Step, string Kind, string? Detail, DateTimeOffset At)
{
    public const string Reached = "reached";
    public const string Arm = "arm";
    public const string Branch = "branch";
    public const string Skipped = "skipped";
}

/// <summary>
/// An action to perform, stored before it is performed. <see cref="Key"/> names the journey, entry, step and person, so
/// the same walk replayed yields the same key and the outbox's primary key refuses a second copy.
/// </summary>
public sealed record OutboxItem(
    WorkspaceId Workspace, string Key, string Journey, int Version, PersonId Person, int Entry, string Step, JourneyAction Action, DateTimeOffset DueAt, bool Withheld)
{
    public static string KeyOf(string journey, int entry, string step, PersonId person) => $"{journey}/{entry}/{step}/{person.Value}";
}

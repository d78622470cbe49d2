using Helix.Core.ComputedTraits;
using Helix.Core.Privacy.Consent;

namespace Helix.Core.Journeys;

/// <summary>
/// A journey as data (docs/journeys.md): who enters and when, the steps a person walks from <see cref="Start"/>
/// (a directed graph without cycles whose every path ends at an exit step), the goal that ends the journey early,
/// the share held out of every send, and how sends behave under quiet hours and caps.
/// </summary>
public sealed record JourneyDefinition(
    string Name,
    string? Description,
    JourneyEntry Entry,
    JourneyReentry Reentry,
    JourneyGoal? Goal,
    double Holdout,
    JourneySending Sending,
    string Start,
    IReadOnlyList<JourneyStep> Steps)
{
    public const int MaxSteps = 100;
    public const double MaxHoldout = 0.5;

    public JourneyStep Step(string id) => Steps.First(s => s.Id == id);
}

/// <summary>Whether a person may enter again: never, once their previous entry has exited, or that long after they entered.</summary>
public sealed record JourneyReentry(ReentryMode Mode, TimeSpan? After = null)
{
    public static JourneyReentry Never { get; } = new(ReentryMode.Never);
}

public enum ReentryMode
{
    Never,
    AfterExit,
    AfterDelay,
}

/// <summary>A person who does the goal event within <see cref="Within"/> of entering has converted and leaves at once, even mid-wait.</summary>
public sealed record JourneyGoal(EventFilter Event, TimeSpan Within);

/// <summary>
/// How the journey's sends behave: quiet hours in the workspace's time zone, and, when quiet hours or a frequency
/// cap block a send, whether it is skipped or postponed until it may go.
/// </summary>
public sealed record JourneySending(QuietHours? QuietHours, BlockedSend WhenBlocked);

/// <summary>From <see cref="From"/> to <see cref="To"/> local time (across midnight when From is later), nothing is sent.</summary>
public sealed record QuietHours(TimeOnly From, TimeOnly To)
{
    public bool Contains(TimeOnly time) => From <= To ? time >= From && time < To : time >= From || time < To;
}

public enum BlockedSend
{
    Skip,
    Postpone,
}

/// <summary>An action's consent requirement: the topic a person must allow (<c>marketing:sms</c>) for the send to go.</summary>
public sealed record ActionConsent(ConsentTopic Topic);

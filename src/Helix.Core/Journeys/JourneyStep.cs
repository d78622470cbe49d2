using System.Text.Json;
using Helix.Core.Tags;
using Helix.Core.ComputedTraits;

namespace Helix.Core.Journeys;

/// <summary>One node of a journey's graph; <see cref="Next"/> lists the steps it can lead to.</summary>
public abstract record JourneyStep(string Id)
{
    public abstract IEnumerable<(string Field, string Step)> Next { get; }
}

/// <summary>Waits a fixed time.</summary>
public sealed record WaitStep(string Id, TimeSpan Duration, string Then) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Next => [("next", Then)];
}

/// <summary>Waits until the next time the workspace clock shows <see cref="Time"/> (now, if it shows it this minute).</summary>
public sealed record WaitUntilStep(string Id, TimeOnly Time, string Then) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Next => [("next", Then)];
}

/// <summary>Waits for the person's next matching event; after <see cref="Timeout"/> without one, goes to <see cref="OnTimeout"/>.</summary>
public sealed record WaitForEventStep(string Id, EventFilter Event, TimeSpan Timeout, string Then, string OnTimeout) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Next => [("next", Then), ("timeoutNext", OnTimeout)];
}

/// <summary>Goes to <see cref="Then"/> when the audience condition holds for the person now, else to <see cref="Else"/>.</summary>
public sealed record ConditionStep(string Id, Condition When, string Then, string Else) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Next => [("then", Then), ("else", Else)];
}

/// <summary>Sends each person down one arm at random, in proportion to the weights (an A/B/n test).</summary>
public sealed record SplitStep(string Id, IReadOnlyList<SplitArm> Arms) : JourneyStep(Id)
{
    public const int MaxArms = 10;

    public override IEnumerable<(string, string)> Next => Arms.Select((a, i) => ($"arms[{i}].next", a.Then));
}

public sealed record SplitArm(string Name, double Weight, string Then);

/// <summary>Performs <see cref="Action"/> once for the person, then goes on.</summary>
public sealed record ActionStep(string Id, JourneyAction Action, string Then) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Next => [("next", Then)];
}

/// <summary>Leaves the journey.</summary>
public sealed record ExitStep(string Id) : JourneyStep(Id)
{
    public override IEnumerable<(string, string)> Next => [];
}

/// <summary>
/// What an action does, through which connector, and the consent it needs: <see cref="Parameters"/> holds the
/// connector's own fields (a template, a coupon id, a segment), checked by <see cref="JourneyConnectors"/>.
/// </summary>
public sealed record JourneyAction(string Connector, ActionConsent? Consent, JsonElement Parameters);

using Helix.Core.Collect;
using Helix.Core.Tags;

namespace Helix.Core.Journeys;

/// <summary>Where a person stands in a journey: the step they wait at, since when, and when their timer fires (null: no timer).</summary>
public sealed record JourneyPosition(string Step, DateTimeOffset EnteredAt, DateTimeOffset Since, DateTimeOffset? WakeAt);

/// <summary>What walking a journey did, in order.</summary>
public abstract record JourneyEffect(string Step, DateTimeOffset At);

/// <summary>An action reached: performed, or <see cref="Withheld"/> when the person is in the holdout (they walk the journey; nothing is done to them).</summary>
public sealed record ActionTaken(string Step, DateTimeOffset At, JourneyAction Action, bool Withheld) : JourneyEffect(Step, At);

/// <summary>A message quiet hours blocked and the journey skips.</summary>
public sealed record ActionSkipped(string Step, DateTimeOffset At, string Reason) : JourneyEffect(Step, At);

public sealed record ArmChosen(string Step, DateTimeOffset At, string Arm) : JourneyEffect(Step, At);

/// <summary>A condition step sent the person down <see cref="Branch"/> (<c>then</c> or <c>else</c>).</summary>
public sealed record BranchTaken(string Step, DateTimeOffset At, string Branch) : JourneyEffect(Step, At);

/// <summary>The person arrived at a step (the path, for statistics and the test mode); a postponed action resumed is not a new arrival.</summary>
public sealed record StepReached(string Step, DateTimeOffset At) : JourneyEffect(Step, At);

/// <summary>The person left: at an exit step, or at once on reaching the goal.</summary>
public sealed record JourneyExited(string Step, DateTimeOffset At, bool Converted) : JourneyEffect(Step, At);

/// <summary>What the machine asks of the world: the person's conditions as they hold now, and the workspace's clock zone.</summary>
public interface IJourneyContext
{
    TimeZoneInfo Zone { get; }

    bool Holds(Condition condition, DateTimeOffset at);
}

/// <summary>
/// A journey as a pure state machine, for one person: <see cref="Enter"/> walks from the start until a step waits or
/// the person exits; <see cref="Wake"/> (the timer fired) and <see cref="Observe"/> (an event of the person) move on
/// from a waiting step. Instantaneous steps (conditions, splits, actions) run in the same call. The random split and
/// the holdout hash the journey, person and step, so a replay of the same inputs takes the same arm: what the durable
/// runtime needs to perform each action exactly once.
/// </summary>
public sealed class JourneyMachine(JourneyDefinition journey, string person, IJourneyContext context)
{
    /// <summary>Whether the person is in the journey's holdout: walked like everyone, every action withheld (no message, no coupon).</summary>
    public bool HeldOut => journey.Holdout > 0 && StableDraw.Of($"{journey.Name}|{person}|holdout") < journey.Holdout;

    public (JourneyPosition? Position, IReadOnlyList<JourneyEffect> Effects) Enter(DateTimeOffset at)
    {
        var effects = new List<JourneyEffect>();
        return (Walk(journey.Start, at, at, effects), effects);
    }

    /// <summary>The person's timer fired at <paramref name="at"/> (no earlier than <see cref="JourneyPosition.WakeAt"/>).</summary>
    public (JourneyPosition? Position, IReadOnlyList<JourneyEffect> Effects) Wake(JourneyPosition position, DateTimeOffset at)
    {
        var effects = new List<JourneyEffect>();
        if (position.WakeAt is not { } due || at < due)
        {
            return (position, effects);
        }

        var next = journey.Step(position.Step) switch
        {
            WaitStep wait => Walk(wait.Then, position.EnteredAt, due, effects),
            WaitUntilStep until => Walk(until.Then, position.EnteredAt, due, effects),
            WaitForEventStep waiting => Walk(waiting.OnTimeout, position.EnteredAt, due, effects),
            // A postponed action: quiet hours are over.
            ActionStep => Walk(position.Step, position.EnteredAt, due, effects, resumed: true),
            _ => position,
        };
        return (next, effects);
    }

    /// <summary>An event of the person: the goal ends the journey at once; an awaited event moves the person on.</summary>
    public (JourneyPosition? Position, IReadOnlyList<JourneyEffect> Effects) Observe(JourneyPosition position, CollectedMessage message)
    {
        var effects = new List<JourneyEffect>();
        if (journey.Goal is { } goal && goal.Event.Matches(message) && message.Timestamp <= position.EnteredAt + goal.Within)
        {
            effects.Add(new JourneyExited(position.Step, message.Timestamp, Converted: true));
            return (null, effects);
        }

        return journey.Step(position.Step) is WaitForEventStep waiting && waiting.Event.Matches(message) && position.WakeAt is { } timeout && message.Timestamp < timeout
            ? (Walk(waiting.Then, position.EnteredAt, message.Timestamp, effects), effects)
            : (position, effects);
    }

    /// <summary>Runs steps from <paramref name="id"/> at <paramref name="at"/> until one waits (its position) or the person exits (null).</summary>
    private JourneyPosition? Walk(string id, DateTimeOffset entered, DateTimeOffset at, List<JourneyEffect> effects, bool resumed = false)
    {
        // The graph has no cycles, so this ends within one visit per step.
        for (var visits = 0; visits <= journey.Steps.Count; visits++)
        {
            if (visits > 0 || !resumed)
            {
                effects.Add(new StepReached(id, at));
            }

            switch (journey.Step(id))
            {
                case WaitStep wait:
                    return new JourneyPosition(id, entered, at, at + wait.Duration);
                case WaitUntilStep until:
                    return new JourneyPosition(id, entered, at, NextLocal(at, until.Time));
                case WaitForEventStep waiting:
                    return new JourneyPosition(id, entered, at, at + waiting.Timeout);
                case ConditionStep condition:
                    var holds = context.Holds(condition.When, at);
                    effects.Add(new BranchTaken(id, at, holds ? "then" : "else"));
                    id = holds ? condition.Then : condition.Else;
                    break;
                case SplitStep split:
                    var arm = Choose(split);
                    effects.Add(new ArmChosen(id, at, arm.Name));
                    id = arm.Then;
                    break;
                case ActionStep action:
                    if (Quiet(action, at) is { } end)
                    {
                        if (journey.Sending.WhenBlocked == BlockedSend.Postpone)
                        {
                            return new JourneyPosition(id, entered, at, end);
                        }

                        effects.Add(new ActionSkipped(id, at, "quiet hours"));
                    }
                    else
                    {
                        effects.Add(new ActionTaken(id, at, action.Action, Withheld: HeldOut));
                    }

                    id = action.Then;
                    break;
                case ExitStep:
                    effects.Add(new JourneyExited(id, at, Converted: false));
                    return null;
            }
        }

        throw new InvalidOperationException($"Journey '{journey.Name}' walked more steps than it has: its graph was not checked.");
    }

    /// <summary>When a message would fall in quiet hours, the instant they end; null when it may go now.</summary>
    private DateTimeOffset? Quiet(ActionStep action, DateTimeOffset at)
    {
        if (journey.Sending.QuietHours is not { } quiet || !IsMessage(action))
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(at, context.Zone);
        return quiet.Contains(TimeOnly.FromDateTime(local.DateTime)) ? NextLocal(at, quiet.To) : null;
    }

    private static bool IsMessage(ActionStep action) => JourneyConnectors.All[action.Action.Connector].IsMessage;

    /// <summary>The next instant, from <paramref name="at"/> on, at which the workspace clock shows <paramref name="time"/>.</summary>
    private DateTimeOffset NextLocal(DateTimeOffset at, TimeOnly time)
    {
        var local = TimeZoneInfo.ConvertTime(at, context.Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < 3; i++, day = day.AddDays(1))
        {
            var wall = day.ToDateTime(time);
            // A time the clock skips that day (a spring-forward gap) is taken an hour later.
            var candidate = context.Zone.IsInvalidTime(wall) ? wall.AddHours(1) : wall;
            var instant = new DateTimeOffset(candidate, context.Zone.GetUtcOffset(candidate));
            if (instant >= at)
            {
                return instant;
            }
        }

        throw new InvalidOperationException("No such local time within three days.");
    }

    private SplitArm Choose(SplitStep split)
    {
        var total = split.Arms.Sum(a => a.Weight);
        var point = StableDraw.Of($"{journey.Name}|{person}|{split.Id}") * total;
        foreach (var arm in split.Arms)
        {
            point -= arm.Weight;
            if (point < 0)
            {
                return arm;
            }
        }

        return split.Arms[^1];
    }
}

using Helix.Core.Collect;

namespace Helix.Core.Journeys;

/// <summary>A simulated walk: what happened, in order, and where the person stands at the end (null: they left).</summary>
public sealed record SimulatedWalk(DateTimeOffset EnteredAt, IReadOnlyList<JourneyEffect> Effects, JourneyPosition? Position);

/// <summary>
/// The journey's test mode: one person through the machine on a simulated clock, their own events replayed in time
/// order, timers firing when due, until they leave or <c>until</c>. Nothing is sent; the effects say what would be.
/// </summary>
public static class JourneySimulator
{
    /// <summary>The first of the person's events that enters them, for a journey entered by an event; null otherwise or if none does.</summary>
    public static DateTimeOffset? FirstEntry(JourneyDefinition journey, IEnumerable<CollectedMessage> events) =>
        journey.Entry is EventEntry entry
            ? events.Where(entry.Event.Matches).Select(e => (DateTimeOffset?)e.Timestamp).Min()
            : null;

    /// <remarks>At equal times a timer fires before an event: a wait of 72 hours has ended when an event stamped exactly then arrives.</remarks>
    public static SimulatedWalk Run(JourneyMachine machine, DateTimeOffset enteredAt, IEnumerable<CollectedMessage> events, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var later = new Queue<CollectedMessage>(events.Where(e => e.Timestamp > enteredAt && e.Timestamp <= until).OrderBy(e => e.Timestamp));
        var effects = new List<JourneyEffect>();
        var (position, entered) = machine.Enter(enteredAt);
        effects.AddRange(entered);
        while (position is { } current)
        {
            var timer = current.WakeAt is { } due && due <= until ? due : (DateTimeOffset?)null;
            var next = later.Count > 0 ? later.Peek() : null;
            IReadOnlyList<JourneyEffect> step;
            if (timer is { } at && (next is null || at <= next.Timestamp))
            {
                (position, step) = machine.Wake(current, at);
            }
            else if (next is not null)
            {
                (position, step) = machine.Observe(current, later.Dequeue());
            }
            else
            {
                break;
            }

            effects.AddRange(step);
        }

        return new SimulatedWalk(enteredAt, effects, position);
    }
}

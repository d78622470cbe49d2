using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences;

/// <summary>What one person's membership is decided on: their facts, their tags now, their events, and the other segments they are in.</summary>
/// <param name="Tags">The person's tags now: name → value (null for plain membership).</param>
/// <param name="Events">The person's events, in any order.</param>
/// <param name="InSegment">Whether the person is in a saved segment, by name; null: in none.</param>
public sealed record AudiencePerson(
    IPersonFacts Facts, IReadOnlyDictionary<string, string?> Tags, IReadOnlyList<CollectedMessage> Events, Func<string, bool>? InSegment = null);

/// <summary>
/// The in-memory evaluator: whether one person is in an audience at an instant. Pure — no I/O, no clock — and
/// written from the meanings in docs/audiences.md: facts and tags exactly as tag rules test them, a <c>did</c>
/// exactly as a computed trait with the same function, filter, measure and window folds (it folds one), and
/// sequences as defined on <see cref="SequenceCondition"/>.
/// </summary>
public static class AudienceEvaluator
{
    public static bool Holds(Condition condition, AudiencePerson person, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(person);
        return condition switch
        {
            AllCondition all => all.Conditions.All(c => Holds(c, person, now)),
            AnyCondition any => any.Conditions.Any(c => Holds(c, person, now)),
            NotCondition not => !Holds(not.Condition, person, now),
            FactCondition fact => FactComparison.Holds(fact.Op, FactComparison.Read(fact.Fact, person.Facts), fact.Value),
            TagReferenceCondition tag => TagEvaluator.HasTag(tag, person.Tags),
            SegmentReferenceCondition segment => person.InSegment?.Invoke(segment.Segment) == true,
            EventCondition did => Did(did, person.Events, now),
            SequenceCondition sequence => Sequence(sequence, person.Events, now),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "not an audience condition"),
        };
    }

    /// <summary>Folds the matching events as a computed trait would and compares its value at now with the threshold.</summary>
    private static bool Did(EventCondition did, IReadOnlyList<CollectedMessage> events, DateTimeOffset now)
    {
        var definition = Trait("did", did);
        var state = new ComputedTraitState();
        foreach (var message in events)
        {
            state.Observe(definition, message);
        }

        var value = state.Value(definition, now);
        return FactComparison.Holds(did.Op, value, JsonSerializer.SerializeToElement(did.Threshold));
    }

    /// <summary>
    /// The computed trait a did folds as: a relative window is the trait's own window; a date window is its period,
    /// which selects the events, and the fold takes them all. Real-time segments keep exactly this trait per did.
    /// </summary>
    public static ComputedTraitDefinition Trait(string name, EventCondition did) => did.Window switch
    {
        RelativeWindow relative => new ComputedTraitDefinition(name, did.Function, did.Filter, did.Of, relative.Length),
        DateWindow dates => new ComputedTraitDefinition(name, did.Function, did.Filter, did.Of, null, Period: dates.Bounds(DateTimeOffset.MinValue)),
        _ => new ComputedTraitDefinition(name, did.Function, did.Filter, did.Of, null),
    };

    /// <summary>
    /// For each first-step event a in the window: the earliest chain of the present steps (each strictly later than
    /// the one before, all within <see cref="SequenceCondition.Within"/> of a) exists. For an absent last step, the
    /// latest feasible event of the step before it is taken (the shortest stretch to stay absent over), and no event
    /// of the last step may fall after it up to a + within — a moment that must have passed.
    /// </summary>
    private static bool Sequence(SequenceCondition sequence, IReadOnlyList<CollectedMessage> events, DateTimeOffset now)
    {
        var steps = sequence.Steps;
        var times = steps.Select(step => events.Where(e => step.Matches(e)).Select(e => e.Timestamp).Order().ToArray()).ToArray();
        var bounds = sequence.Window?.Bounds(now);
        var present = sequence.LastAbsent ? steps.Count - 1 : steps.Count;
        foreach (var first in times[0])
        {
            if (bounds is { } b && !Inside(b, first))
            {
                continue;
            }

            var deadline = sequence.Within is { } within ? first + within : (DateTimeOffset?)null;
            if (Chain(times, present, first, deadline) is not { } earliest)
            {
                continue;
            }

            if (!sequence.LastAbsent)
            {
                return true;
            }

            var end = deadline!.Value;
            if (now <= end)
            {
                continue;
            }

            // The latest event of the last present step that can follow the chain before it, within the deadline.
            var before = present >= 2 ? Chain(times, present - 1, first, deadline)!.Value : DateTimeOffset.MinValue;
            var last = present >= 2 ? times[present - 1].Where(t => t > before && t <= end).DefaultIfEmpty(earliest).Max() : first;
            if (!times[^1].Any(t => t > last && t <= end))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The time of the earliest chain over the first <paramref name="count"/> steps starting at <paramref name="first"/>; null when none fits.</summary>
    private static DateTimeOffset? Chain(DateTimeOffset[][] times, int count, DateTimeOffset first, DateTimeOffset? deadline)
    {
        var at = first;
        for (var step = 1; step < count; step++)
        {
            var next = Array.FindIndex(times[step], t => t > at);
            if (next < 0 || (deadline is { } d && times[step][next] > d))
            {
                return null;
            }

            at = times[step][next];
        }

        return at;
    }

    private static bool Inside((DateTimeOffset From, DateTimeOffset? Until) bounds, DateTimeOffset at) =>
        at >= bounds.From && (bounds.Until is not { } until || at < until);
}

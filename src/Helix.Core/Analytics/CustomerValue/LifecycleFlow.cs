using Helix.Core.Models;

namespace Helix.Core.Analytics.CustomerValue;

/// <summary>The persons in a stage at boundary <see cref="Step"/>; a null stage is "not seen yet".</summary>
public sealed record LifecycleNode(int Step, LifecycleStage? Stage, int Persons);

/// <summary>Persons in stage <see cref="From"/> at boundary <see cref="Step"/> − 1 and in <see cref="To"/> at <see cref="Step"/>.</summary>
public sealed record LifecycleLink(int Step, LifecycleStage? From, LifecycleStage? To, int Persons);

/// <summary>Every boundary's stage counts (all five stages, zeros included) and the non-empty flows between consecutive ones.</summary>
public sealed record LifecycleFlowResult(int Persons, IReadOnlyList<DateTimeOffset> Boundaries, IReadOnlyList<LifecycleNode> Nodes, IReadOnlyList<LifecycleLink> Links);

/// <summary>
/// Lifecycle stages at each boundary of a series and how persons moved between them. A person's stage at a boundary
/// is <see cref="Lifecycle.Stage"/> from their first-seen time and their last order at or before it — what
/// <c>GET /api/v1/models/lifecycle?asOf=</c> the boundary gives — or "not seen yet" when first seen after it. Every
/// person is in one stage at every boundary, so each boundary's counts sum to <see cref="LifecycleFlowResult.Persons"/>
/// and the links out of a node (into a node) sum to its persons.
/// </summary>
public static class LifecycleFlow
{
    private static readonly LifecycleStage?[] Stages = [null, .. Enum.GetValues<LifecycleStage>().Select(s => (LifecycleStage?)s)];

    /// <param name="persons">The persons to count, first seen by the last boundary.</param>
    /// <param name="orders">Orders up to the last boundary; orders of other persons are ignored.</param>
    /// <param name="boundaries">Instants, ascending.</param>
    public static LifecycleFlowResult Build(
        IReadOnlyList<PersonActivity> persons, IEnumerable<PersonOrder> orders, IReadOnlyList<DateTimeOffset> boundaries, LifecycleThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(persons);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(boundaries);
        thresholds.Validate();
        var ordersOf = orders.GroupBy(o => o.Person).ToDictionary(g => g.Key, g => g.Select(o => o.At).Order().ToArray());
        var nodes = new int[boundaries.Count, Stages.Length];
        var links = new Dictionary<(int Step, int From, int To), int>();
        foreach (var person in persons)
        {
            var times = ordersOf.GetValueOrDefault(person.Person, []);
            var next = 0;
            var previous = -1;
            for (var step = 0; step < boundaries.Count; step++)
            {
                // Boundaries ascend, so the last order at or before each is found by walking forward once.
                while (next < times.Length && times[next] <= boundaries[step])
                {
                    next++;
                }

                var stage = person.FirstSeen > boundaries[step] ? 0
                    : 1 + (int)Lifecycle.Stage(person.FirstSeen, next == 0 ? null : times[next - 1], boundaries[step], thresholds);
                nodes[step, stage]++;
                if (step > 0)
                {
                    links[(step, previous, stage)] = links.GetValueOrDefault((step, previous, stage)) + 1;
                }

                previous = stage;
            }
        }

        return new LifecycleFlowResult(
            persons.Count, boundaries,
            [.. Enumerable.Range(0, boundaries.Count).SelectMany(step => Enumerable.Range(0, Stages.Length).Select(s => new LifecycleNode(step, Stages[s], nodes[step, s])))],
            [.. links.OrderBy(l => l.Key.Step).ThenBy(l => l.Key.From).ThenBy(l => l.Key.To)
                .Select(l => new LifecycleLink(l.Key.Step, Stages[l.Key.From], Stages[l.Key.To], l.Value))]);
    }

    /// <summary>
    /// The instants a series of the range is read at: the start of each bucket (midnight in the range's zone), then the
    /// midnight after <see cref="AnalyticsRange.To"/>. n buckets give n + 1 boundaries and n flows, one per bucket.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Boundaries(AnalyticsRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        return [.. range.Buckets().Append(range.To.AddDays(1)).Select(day => Midnight(day, range.Zone))];
    }

    /// <summary>The first instant of <paramref name="day"/> in the zone; where a clock change skips midnight, the first valid minute after it.</summary>
    private static DateTimeOffset Midnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

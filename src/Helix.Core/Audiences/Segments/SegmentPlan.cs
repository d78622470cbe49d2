using System.Security.Cryptography;
using System.Text;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;

namespace Helix.Core.Audiences.Segments;

/// <summary>
/// How a workspace's real-time segments are kept current. Each <c>did</c> of a real-time segment becomes a hidden
/// computed trait (<see cref="AudienceEvaluator.Trait"/>: the very fold the in-memory evaluator uses), which the
/// facts fold updates incrementally on each event and sweeps when its window moves; the segment's rule is its
/// condition with each did replaced by a comparison of that trait. So a real-time segment is evaluated like a
/// tag rule, from facts, never by rescanning a person's history.
/// </summary>
public sealed class SegmentPlan
{
    /// <summary>The prefix of hidden traits' names; user computed trait names cannot contain ':'.</summary>
    public const string HiddenPrefix = "segment:";

    public static SegmentPlan Empty { get; } = new([], [], []);

    private SegmentPlan(IReadOnlyList<SegmentDefinition> ordered, IReadOnlyList<(SegmentDefinition Segment, Condition Rule)> realtime, IReadOnlyList<ComputedTraitDefinition> traits)
    {
        Ordered = ordered;
        Realtime = realtime;
        Traits = traits;
    }

    /// <summary>Every segment, each after the segments it references: the order scheduled recomputes run in.</summary>
    public IReadOnlyList<SegmentDefinition> Ordered { get; }

    /// <summary>Real-time segments in evaluation order (a referenced segment before those that reference it), each with its rule.</summary>
    public IReadOnlyList<(SegmentDefinition Segment, Condition Rule)> Realtime { get; }

    /// <summary>The hidden computed traits the rules read.</summary>
    public IReadOnlyList<ComputedTraitDefinition> Traits { get; }

    /// <summary>Checks references between segments and what real-time segments can hold; every error names <c>segments[i].when</c>.</summary>
    public static (SegmentPlan? Plan, IReadOnlyList<FieldError> Errors) Build(IReadOnlyList<SegmentDefinition> segments)
    {
        var errors = new List<FieldError>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Count; i++)
        {
            if (!byName.TryAdd(segments[i].Name, i))
            {
                errors.Add(new FieldError($"segments[{i}].name", $"'{segments[i].Name}' is defined twice"));
            }
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var field = $"segments[{i}].when";
            foreach (var leaf in segments[i].Reads)
            {
                if (leaf is SegmentReferenceCondition reference)
                {
                    if (!byName.TryGetValue(reference.Segment, out var target))
                    {
                        errors.Add(new FieldError(field, $"references segment '{reference.Segment}', which is not defined"));
                    }
                    else if (segments[i].Mode == SegmentMode.Realtime && segments[target].Mode != SegmentMode.Realtime)
                    {
                        errors.Add(new FieldError(field, $"references {(segments[target].Mode == SegmentMode.Static ? "static" : "scheduled")} segment '{reference.Segment}': a real-time segment can reference only real-time segments, or it would not follow that segment's changes"));
                    }
                }
                else if (leaf is SequenceCondition && segments[i].Mode == SegmentMode.Realtime)
                {
                    errors.Add(new FieldError(field, "holds a sequence (then): sequences are evaluated by scheduled segments and estimates; make this segment \"mode\": \"scheduled\""));
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var (order, cyclic) = Order(segments, byName);
        if (order is null)
        {
            return (null, [new FieldError($"segments[{cyclic}].when", $"segment '{segments[cyclic].Name}' references itself through other segments")]);
        }

        var traits = new Dictionary<string, ComputedTraitDefinition>(StringComparer.Ordinal);
        var realtime = new List<(SegmentDefinition, Condition)>();
        foreach (var segment in order.Where(s => s.Mode == SegmentMode.Realtime))
        {
            var rule = AudienceConditions.Rewrite(segment.When!, leaf =>
            {
                if (leaf is not EventCondition did)
                {
                    return leaf;
                }

                var name = HiddenName(segment.Name, did);
                traits.TryAdd(name, AudienceEvaluator.Trait(name, did));
                return new FactCondition(new FactRef(FactSource.Computed, name), did.Op, System.Text.Json.JsonSerializer.SerializeToElement(did.Threshold));
            });
            realtime.Add((segment, rule));
        }

        return (new SegmentPlan(order, realtime, [.. traits.Values]), []);
    }

    /// <summary>A name that changes whenever the did does, so a changed did is folded afresh from history.</summary>
    private static string HiddenName(string segment, EventCondition did)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(AudienceSpec.ToJson(did)));
        return $"{HiddenPrefix}{segment}:{Convert.ToHexStringLower(hash.AsSpan(0, 6))}";
    }

    /// <summary>Segments with every referenced segment before its referrer; null and a segment on the cycle when references form one.</summary>
    private static (List<SegmentDefinition>? Order, int Cyclic) Order(IReadOnlyList<SegmentDefinition> segments, Dictionary<string, int> byName)
    {
        var order = new List<SegmentDefinition>();
        var state = new int[segments.Count]; // 0 new, 1 on the path, 2 done
        var cyclic = -1;
        bool Visit(int i)
        {
            if (state[i] == 2)
            {
                return true;
            }

            if (state[i] == 1)
            {
                cyclic = i;
                return false;
            }

            state[i] = 1;
            foreach (var reference in segments[i].Reads.OfType<SegmentReferenceCondition>())
            {
                if (!Visit(byName[reference.Segment]))
                {
                    return false;
                }
            }

            state[i] = 2;
            order.Add(segments[i]);
            return true;
        }

        return Enumerable.Range(0, segments.Count).All(Visit) ? (order, -1) : (null, cyclic);
    }
}

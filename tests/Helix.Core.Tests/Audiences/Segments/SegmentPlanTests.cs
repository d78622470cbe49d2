using System.Text.Json;
using FsCheck.Xunit;
using Helix.Core.Audiences;
using Helix.Core.Audiences.Segments;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Tags;
using Helix.Core.Tests.Tags;
using static Helix.Core.Tests.ComputedTraits.TraitEvents;

namespace Helix.Core.Tests.Audiences.Segments;

/// <summary>
/// A real-time segment's rule (its dids folded incrementally as hidden computed traits, in arrival order, pruned as
/// the facts fold prunes) holds exactly when the in-memory evaluator says the segment's condition holds, at any later instant.
/// </summary>
public sealed class SegmentPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 12, 0, 0, China);

    [Property(MaxTest = 500)]
    public bool RealtimeRule_AgreesWithTheEvaluator(int seed)
    {
        var random = new Random(seed);
        var condition = RandomCondition(random, 0);
        var (plan, errors) = SegmentPlan.Build([new SegmentDefinition("s", null, SegmentMode.Realtime, condition, null)]);
        Assert.True(plan is not null, string.Join("; ", errors));

        var events = Enumerable.Range(0, random.Next(10)).Select(_ => RandomEvent(random)).OrderBy(e => e.ReceivedAt).ToList();
        var states = plan.Traits.ToDictionary(t => t.Name, _ => new ComputedTraitState());
        foreach (var message in events)
        {
            foreach (var trait in plan.Traits.Where(t => t.SignOf(message) != 0))
            {
                states[trait.Name].Observe(trait, message);
                states[trait.Name].Prune(trait, message.ReceivedAt);
            }
        }

        var tags = new Dictionary<string, string?> { ["vip"] = null };
        var facts = new PersonFacts("""{"city": "上海"}""");
        var now = Now.AddHours(random.Next(0, 24 * 6));
        var hidden = new HiddenFacts(facts, plan.Traits.ToDictionary(t => t.Name, t => states[t.Name].Value(t, now)));
        var (_, rule) = Assert.Single(plan.Realtime);

        return AudienceEvaluator.Holds(rule, new AudiencePerson(hidden, tags, []), now)
            == AudienceEvaluator.Holds(condition, new AudiencePerson(facts, tags, events), now);
    }

    [Fact]
    public void ReferencesAndWhatRealtimeSegmentsHold_AreChecked()
    {
        static IReadOnlyList<string> Errors(params (string Name, SegmentMode Mode, string When)[] segments) =>
            [.. SegmentPlan.Build([.. segments.Select(s => new SegmentDefinition(s.Name, null, s.Mode, AudienceText.Parse(s.When).Condition!, null))]).Errors
                .Select(e => $"{e.Field}: {e.Reason}")];

        Assert.Empty(Errors(("a", SegmentMode.Realtime, """segment("b")"""), ("b", SegmentMode.Realtime, """did("X")""")));
        Assert.Contains("not defined", Assert.Single(Errors(("a", SegmentMode.Realtime, """segment("zz")"""))), StringComparison.Ordinal);
        Assert.Contains("scheduled segment 'b'", Assert.Single(Errors(("a", SegmentMode.Realtime, """segment("b")"""), ("b", SegmentMode.Scheduled, """did("X")"""))), StringComparison.Ordinal);
        Assert.Empty(Errors(("a", SegmentMode.Scheduled, """segment("b")"""), ("b", SegmentMode.Realtime, """did("X")""")));
        Assert.StartsWith("segments[0].when: holds a sequence", Assert.Single(Errors(("a", SegmentMode.Realtime, """did("X") then did("Y")"""))), StringComparison.Ordinal);
        Assert.Empty(Errors(("a", SegmentMode.Scheduled, """did("X") then did("Y")""")));
        Assert.Contains("references itself", Assert.Single(Errors(("a", SegmentMode.Realtime, """segment("b")"""), ("b", SegmentMode.Realtime, """segment("a")"""))), StringComparison.Ordinal);
        Assert.Contains("defined twice", Assert.Single(Errors(("a", SegmentMode.Realtime, """did("X")"""), ("a", SegmentMode.Realtime, """did("Y")"""))), StringComparison.Ordinal);
    }

    [Fact]
    public void Segments_AreOrderedReferencedFirst_AndADidChangeRenamesItsTrait()
    {
        var (plan, _) = SegmentPlan.Build([
            new SegmentDefinition("a", null, SegmentMode.Realtime, AudienceText.Parse("""segment("b") and did("X", within 3d)""").Condition!, null),
            new SegmentDefinition("b", null, SegmentMode.Realtime, AudienceText.Parse("""did("X", within 3d)""").Condition!, null)]);
        var (changed, _) = SegmentPlan.Build([
            new SegmentDefinition("b", null, SegmentMode.Realtime, AudienceText.Parse("""did("X", within 4d)""").Condition!, null)]);

        Assert.Equal(["b", "a"], plan!.Realtime.Select(r => r.Segment.Name));
        Assert.All(plan.Traits, t => Assert.StartsWith(SegmentPlan.HiddenPrefix, t.Name, StringComparison.Ordinal));
        Assert.DoesNotContain(changed!.Traits[0].Name, plan.Traits.Select(t => t.Name));
    }

    private static CollectedMessage RandomEvent(Random random)
    {
        var at = Now.AddHours(-random.Next(0, 24 * 8));
        var received = at.AddHours(random.Next(4) == 0 ? random.Next(0, 24 * 4) : 0); // some arrive late
        var category = random.Next(2) == 0 ? "snacks" : "drinks";
        return Message(random.Next(2) == 0 ? "A" : "B", at, $$"""{"total": {{random.Next(1, 5) * 10}}, "category": "{{category}}"}""", received: received);
    }

    private static Condition RandomCondition(Random random, int depth)
    {
        switch (depth < 3 ? random.Next(6) : random.Next(3))
        {
            case 0:
            case 1:
                return RandomDid(random);
            case 2:
                return random.Next(2) == 0
                    ? new FactCondition(new FactRef(FactSource.Trait, "city"), ConditionOp.Eq, JsonSerializer.SerializeToElement("上海"))
                    : new TagReferenceCondition("vip", null, []);
            case 3:
                return new NotCondition(RandomCondition(random, depth + 1));
            case 4:
                return new AllCondition([RandomCondition(random, depth + 1), RandomCondition(random, depth + 1)]);
            default:
                return new AnyCondition([RandomCondition(random, depth + 1), RandomCondition(random, depth + 1)]);
        }
    }

    private static EventCondition RandomDid(Random random)
    {
        var function = (AggregateFunction)new[] { AggregateFunction.Count, AggregateFunction.Sum, AggregateFunction.Avg, AggregateFunction.Min, AggregateFunction.Max }[random.Next(5)];
        var where = random.Next(3) == 0
            ? [new PropertyCondition("category", ConditionOp.Eq, JsonSerializer.SerializeToElement("snacks"))]
            : Array.Empty<PropertyCondition>();
        EventWindow? window = random.Next(4) switch
        {
            0 => null,
            1 => new RelativeWindow(TimeSpan.FromDays(random.Next(1, 6))),
            2 => new RelativeWindow(TimeSpan.FromHours(random.Next(1, 60))),
            _ => new DateWindow(DateOnly.FromDateTime(Now.Date).AddDays(-random.Next(0, 8)), random.Next(2) == 0 ? null : DateOnly.FromDateTime(Now.Date).AddDays(-random.Next(0, 3))),
        };
        var threshold = function == AggregateFunction.Count ? random.Next(0, 4) : random.Next(1, 5) * 10;
        var op = (ConditionOp)new[] { ConditionOp.Eq, ConditionOp.Ne, ConditionOp.Gt, ConditionOp.Gte, ConditionOp.Lt, ConditionOp.Lte }[random.Next(6)];
        return new EventCondition(
            new EventFilter(MessageType.Track, [random.Next(2) == 0 ? "A" : "B"], where), function,
            function == AggregateFunction.Count ? null : ValuePath.Parse("properties.total"), op, threshold, window);
    }

    /// <summary>The person's facts, with the hidden traits' values as of the instant evaluated.</summary>
    private sealed class HiddenFacts(IPersonFacts facts, Dictionary<string, JsonElement?> hidden) : IPersonFacts
    {
        public IReadOnlyDictionary<string, string?> AssignedTags => facts.AssignedTags;

        public bool TryGetTrait(string name, out JsonElement value) => facts.TryGetTrait(name, out value);

        public bool TryGetComputed(string name, out JsonElement value)
        {
            if (hidden.TryGetValue(name, out var found))
            {
                value = found ?? default;
                return found is not null;
            }

            return facts.TryGetComputed(name, out value);
        }
    }
}

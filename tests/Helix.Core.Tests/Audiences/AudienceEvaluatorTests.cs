using FsCheck.Xunit;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.Tests.Tags;
using static Helix.Core.Tests.ComputedTraits.TraitEvents;

namespace Helix.Core.Tests.Audiences;

/// <summary>The in-memory evaluator on hand-checked histories, and sequences against a brute-force reference.</summary>
public class AudienceEvaluatorTests
{
    // 12:00 on 10 November 2026 in workspace time (UTC+8).
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 12, 0, 0, China);

    private static readonly PersonFacts NoFacts = new();

    private static bool Holds(string text, IReadOnlyList<CollectedMessage> events, PersonFacts? facts = null,
        IReadOnlyDictionary<string, string?>? tags = null, Func<string, bool>? inSegment = null, DateTimeOffset? now = null)
    {
        var parsed = AudienceText.Parse(text);
        Assert.True(parsed.Condition is not null, parsed.Error?.ToString());
        return AudienceEvaluator.Holds(parsed.Condition, new AudiencePerson(facts ?? NoFacts, tags ?? new Dictionary<string, string?>(), events, inSegment), now ?? Now);
    }

    private static CollectedMessage Order(double daysAgo, decimal total, string category = "snacks") =>
        Message("Order Completed", Now.AddDays(-daysAgo), $$"""{"total": {{total}}, "category": "{{category}}"}""");

    private static CollectedMessage Viewed(double daysAgo) => Message("Product Viewed", Now.AddDays(-daysAgo), """{"category": "snacks"}""");

    [Fact]
    public void TraitsTagsAndSegments_AreTestedAsTagRulesTestThem()
    {
        var facts = new PersonFacts("""{"city": "上海"}""");
        var tags = new Dictionary<string, string?> { ["rfm"] = "important_value", ["vip"] = null };
        const string text = """trait("city") = "上海" and tag("rfm") = "important_value" and has tag("vip") and in segment("loyal")""";

        Assert.True(Holds(text, [], facts, tags, s => s == "loyal"));
        Assert.False(Holds(text, [], facts, tags, s => s == "other"));
        Assert.False(Holds(text, [], facts, tags));
        // A missing trait fails != as well: only not exists holds.
        Assert.False(Holds("""trait("gender") != "f" """, [], facts));
        Assert.True(Holds("""not trait("gender") exists""", [], facts));
    }

    [Theory]
    [InlineData("""did("Order Completed", count >= 3, within 30d)""", true)]
    [InlineData("""did("Order Completed", count >= 4, within 30d)""", false)]
    [InlineData("""did("Order Completed", count >= 4)""", true)]
    [InlineData("""did("Order Completed", count = 1, within 2d)""", true)]
    [InlineData("""did("Order Completed" where category = "snacks", sum(total) >= 300, within 30d)""", true)]
    [InlineData("""did("Order Completed" where category = "snacks", sum(total) >= 301, within 30d)""", false)]
    [InlineData("""did("Order Completed", max(total) > 300, within 7d)""", false)]
    [InlineData("""did("Order Completed", avg(total) = 200, within 30d)""", true)]
    [InlineData("""did("Order Completed", between 2026-10-21 and 2026-10-21)""", true)]
    [InlineData("""did("Order Completed", between 2026-10-22 and 2026-11-08)""", true)]
    [InlineData("""did("Order Completed", count >= 2, since 2026-11-06)""", false)]
    [InlineData("""did("Product Viewed")""", false)]
    [InlineData("""did("Product Viewed", count = 0)""", true)]
    [InlineData("""not did("Product Viewed", within 30d)""", true)]
    public void Did_FoldsAsAComputedTrait(string text, bool expected)
    {
        // 100 snacks yesterday, 300 drinks 5 days ago, 200 snacks on 21 October, 50 snacks 200 days ago.
        CollectedMessage[] events = [Order(1, 100), Order(5, 300, "drinks"), Order(20, 200), Order(200, 50)];

        Assert.Equal(expected, Holds(text, events));
    }

    [Fact]
    public void SumOfNothing_IsMissing_SoNoComparisonHolds()
    {
        Assert.False(Holds("""did("Order Completed", sum(total) < 100, within 30d)""", [Order(40, 10)]));
        Assert.True(Holds("""did("Order Completed", count < 1, within 30d)""", [Order(40, 10)]));
    }

    [Fact]
    public void DayWindows_AreCalendarDaysInWorkspaceTime()
    {
        // 30d is 12 October to 10 November, UTC+8: 00:30 on 12 October (still 11 October in UTC) is in,
        // 23:30 on 11 October is out.
        var inside = Message("Order Completed", new DateTimeOffset(2026, 10, 12, 0, 30, 0, China));
        var outside = Message("Order Completed", new DateTimeOffset(2026, 10, 11, 23, 30, 0, China));

        Assert.True(Holds("""did("Order Completed", within 30d)""", [inside]));
        Assert.False(Holds("""did("Order Completed", within 30d)""", [outside]));
    }

    [Theory]
    [InlineData(3.0, 1.0, true)] // viewed, ordered two days later
    [InlineData(9.0, 1.0, false)] // eight days apart
    [InlineData(3.0, 3.0, false)] // the same instant does not follow
    [InlineData(1.0, 3.0, false)] // the order came first
    public void Sequence_StepsInOrderWithinTheSpan(double viewedDaysAgo, double orderedDaysAgo, bool expected) =>
        Assert.Equal(expected, Holds("""did("Product Viewed") then did("Order Completed") within 7d""", [Viewed(viewedDaysAgo), Order(orderedDaysAgo, 10)]));

    [Fact]
    public void Absence_HoldsOnlyOnceTheSpanHasPassed_WithoutTheEvent()
    {
        const string text = """did("Product Viewed") then not did("Order Completed") within 3d""";

        Assert.False(Holds(text, [Viewed(1.0 / 24)])); // viewed an hour ago: may still buy
        Assert.True(Holds(text, [Viewed(4)])); // four days, no order
        Assert.False(Holds(text, [Viewed(4), Order(3, 10)])); // bought a day later
        Assert.True(Holds(text, [Viewed(9), Order(3, 10)])); // bought, but after the three days
        Assert.True(Holds(text, [Viewed(4), Order(5, 10)])); // an earlier order does not count
    }

    [Fact]
    public void ThreeSteps_AbsenceAfterTheLastPresentStep()
    {
        const string text = """did("Product Viewed") then did("Product Added") then not did("Order Completed") within 3d""";
        var added = Message("Product Added", Now.AddDays(-3.5));

        Assert.True(Holds(text, [Viewed(4), added]));
        Assert.False(Holds(text, [Viewed(4), added, Order(3.2, 10)]));
        Assert.True(Holds(text, [Viewed(4), added, Order(3.8, 10)])); // the order came before the cart
        Assert.False(Holds(text, [Viewed(4)]));
    }

    /// <summary>Random histories over three event names: the evaluator agrees with trying every chain of events.</summary>
    [Property(MaxTest = 300)]
    public bool Sequence_AgreesWithEveryChain(int seed)
    {
        var random = new Random(seed);
        string[] names = ["A", "B", "C"];
        var events = Enumerable.Range(0, random.Next(8))
            .Select(_ => Message(names[random.Next(3)], Now.AddHours(-random.Next(0, 24 * 12))))
            .ToList();
        var steps = random.Next(2, 4);
        var absent = random.Next(2) == 0;
        var within = random.Next(3) == 0 && !absent ? null : $" within {random.Next(1, 6)}d";
        var text = string.Join(" then ", Enumerable.Range(0, steps).Select(i =>
            (absent && i == steps - 1 ? "not " : "") + $"did(\"{names[i]}\"" + (i == 0 && random.Next(3) == 0 ? ", within 7d" : "") + ")")) + within;
        var parsed = AudienceText.Parse(text).Condition as SequenceCondition;
        Assert.NotNull(parsed);

        return AudienceEvaluator.Holds(parsed, new AudiencePerson(NoFacts, new Dictionary<string, string?>(), events), Now) == Reference(parsed, events, Now);
    }

    private static bool Reference(SequenceCondition sequence, List<CollectedMessage> events, DateTimeOffset now)
    {
        var present = sequence.LastAbsent ? sequence.Steps.Count - 1 : sequence.Steps.Count;
        var bounds = sequence.Window?.Bounds(now);
        return Chains(sequence, events, present).Any(chain =>
        {
            var first = chain[0].Timestamp;
            if (bounds is { } b && (first < b.From || (b.Until is { } until && first >= until)))
            {
                return false;
            }

            var end = sequence.Within is { } w ? first + w : DateTimeOffset.MaxValue;
            if (chain.Any(e => e.Timestamp > end))
            {
                return false;
            }

            return !sequence.LastAbsent
                || (now > end && !events.Any(e => sequence.Steps[^1].Matches(e) && e.Timestamp > chain[^1].Timestamp && e.Timestamp <= end));
        });
    }

    /// <summary>Every list of events matching the first <paramref name="count"/> steps in strictly increasing time.</summary>
    private static IEnumerable<List<CollectedMessage>> Chains(SequenceCondition sequence, List<CollectedMessage> events, int count, int step = 0, List<CollectedMessage>? prefix = null)
    {
        prefix ??= [];
        if (step == count)
        {
            yield return prefix;
            yield break;
        }

        foreach (var e in events.Where(e => sequence.Steps[step].Matches(e) && (prefix.Count == 0 || e.Timestamp > prefix[^1].Timestamp)))
        {
            foreach (var chain in Chains(sequence, events, count, step + 1, [.. prefix, e]))
            {
                yield return chain;
            }
        }
    }
}

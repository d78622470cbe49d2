using System.Text.Json.Nodes;
using Helix.Core.Journeys;
using Helix.Core.Tags;
using Helix.Core.Tests.ComputedTraits;

namespace Helix.Core.Tests.Journeys;

/// <summary>One person walking a journey: waits, quiet hours, the goal, awaited events, conditions, splits and the holdout.</summary>
public sealed class JourneyMachineTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    // 2026-11-02 10:00 in Shanghai.
    private static readonly DateTimeOffset Morning = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8));

    private sealed class Context(bool holds, TimeZoneInfo? zone = null) : IJourneyContext
    {
        public TimeZoneInfo Zone { get; } = zone ?? Shanghai;

        public bool Holds(Condition condition, DateTimeOffset at) => holds;
    }

    [Fact]
    public void Care_WaitsThreeDays_SendsOnce_AndExits()
    {
        var machine = Machine(JourneySpecTests.CareJourney);

        var (position, entered) = machine.Enter(Morning);
        Assert.Equal(["wait_72h"], entered.OfType<StepReached>().Select(e => e.Step));
        Assert.Empty(Describe(entered));
        Assert.Equal(("wait_72h", Morning.AddHours(72)), (position!.Step, position.WakeAt));
        Assert.Same(position, machine.Wake(position, Morning.AddHours(71)).Position);

        var (after, effects) = machine.Wake(position, Morning.AddHours(72));

        Assert.Null(after);
        Assert.Equal(["care_sms sent", "done exited"], Describe(effects));
        Assert.All(effects, e => Assert.Equal(Morning.AddHours(72), e.At));
    }

    [Fact]
    public void Care_DueInQuietHours_IsPostponedToTheirEnd()
    {
        var machine = Machine(JourneySpecTests.CareJourney);
        var evening = Morning.AddHours(12); // 22:00

        var (waiting, _) = machine.Enter(evening);
        var (postponed, none) = machine.Wake(waiting!, waiting!.WakeAt!.Value);
        var (after, effects) = machine.Wake(postponed!, postponed!.WakeAt!.Value);

        Assert.Equal(["care_sms"], none.OfType<StepReached>().Select(e => e.Step));
        // Resuming the postponed send is not a second arrival at the step.
        Assert.DoesNotContain(effects, e => e is StepReached { Step: "care_sms" });
        // 22:00 three days later is quiet until 09:00 the next morning.
        Assert.Equal(("care_sms", new DateTimeOffset(2026, 11, 6, 9, 0, 0, TimeSpan.FromHours(8))), (postponed.Step, postponed.WakeAt));
        Assert.Null(after);
        Assert.Equal(["care_sms sent", "done exited"], Describe(effects));
    }

    [Fact]
    public void Care_DueInQuietHours_IsSkippedWhenTheJourneySaysSo()
    {
        var machine = Machine(JourneySpecTests.CareJourney.Replace("\"postpone\"", "\"skip\"", StringComparison.Ordinal));

        var (waiting, _) = machine.Enter(Morning.AddHours(12));
        var (after, effects) = machine.Wake(waiting!, waiting!.WakeAt!.Value);

        Assert.Null(after);
        Assert.Equal(["care_sms skipped", "done exited"], Describe(effects));
    }

    [Fact]
    public void Goal_EndsTheJourneyAtOnce_EvenMidWait_ButNotAfterItsWindow()
    {
        var machine = Machine(JourneySpecTests.BirthdayJourney);
        var (waiting, _) = machine.Enter(Morning);
        Assert.Equal("wait_use", waiting!.Step);

        var (late, lateEffects) = machine.Observe(waiting, TraitEvents.Message("Order Completed", Morning.AddDays(15)));
        var (after, effects) = machine.Observe(waiting, TraitEvents.Message("Order Completed", Morning.AddDays(1)));

        Assert.Same(waiting, late);
        Assert.Empty(lateEffects);
        Assert.Null(after);
        Assert.Equal(["wait_use converted"], Describe(effects));
    }

    [Theory]
    [InlineData(true, new[] { "guide sent", "done exited" })]
    [InlineData(false, new[] { "done exited" })]
    public void WaitForEvent_TimesOutIntoTheCondition(bool important, string[] expected)
    {
        var machine = Machine(JourneySpecTests.BirthdayJourney, important);
        var (waiting, _) = machine.Enter(Morning);

        var (after, effects) = machine.Wake(waiting!, Morning.AddDays(7));

        Assert.Null(after);
        Assert.Equal(expected, Describe(effects));
    }

    [Fact]
    public void WaitForEvent_MovesOnAtTheAwaitedEvent_AndIgnoresOthers()
    {
        var machine = Machine(JourneySpecTests.BirthdayJourney);
        var (waiting, entered) = machine.Enter(Morning);

        var (same, _) = machine.Observe(waiting!, TraitEvents.Message("Product Viewed", Morning.AddHours(1)));
        var (after, effects) = machine.Observe(waiting!, TraitEvents.Message("Coupon Applied", Morning.AddHours(2)));

        Assert.Equal(["split arm", "coupon_20 sent|coupon_50 sent", "tell sent"], Describe(entered).Select(d => d.StartsWith("coupon", StringComparison.Ordinal) ? "coupon_20 sent|coupon_50 sent" : d));
        Assert.Same(waiting, same);
        Assert.Null(after);
        Assert.Equal(["done exited"], Describe(effects));
    }

    [Fact]
    public void Split_IsStablePerPerson_AndFollowsTheWeights()
    {
        var journey = JourneySpecTests.Parse(JourneySpecTests.BirthdayJourney.Replace("\"weight\": 1, \"next\": \"coupon_20\"", "\"weight\": 3, \"next\": \"coupon_20\"", StringComparison.Ordinal));
        string Arm(string person) => new JourneyMachine(journey, person, new Context(false)).Enter(Morning).Effects.OfType<ArmChosen>().Single().Arm;

        var arms = Enumerable.Range(0, 4_000).Select(i => Arm($"p{i}")).ToList();

        Assert.Equal(arms.Take(50), Enumerable.Range(0, 50).Select(i => Arm($"p{i}")));
        Assert.InRange(arms.Count(a => a == "coupon_20") / 4_000.0, 0.72, 0.78);
    }

    [Fact]
    public void Holdout_WalksTheJourney_WithEveryActionWithheld()
    {
        var journey = JourneySpecTests.Parse(JourneySpecTests.BirthdayJourney);
        var walks = Enumerable.Range(0, 4_000).Select(i => new JourneyMachine(journey, $"p{i}", new Context(false))).ToList();

        var held = walks.Where(m => m.HeldOut).ToList();

        Assert.InRange(held.Count / 4_000.0, 0.08, 0.12);
        Assert.All(held, m => Assert.All(m.Enter(Morning).Effects.OfType<ActionTaken>(), a => Assert.True(a.Withheld)));
        Assert.All(walks.Except(held), m => Assert.All(m.Enter(Morning).Effects.OfType<ActionTaken>(), a => Assert.False(a.Withheld)));
    }

    [Fact]
    public void WaitUntil_FindsTheNextLocalTime_AcrossAClockChange()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var json = JsonNode.Parse(JourneySpecTests.CareJourney)!.AsObject();
        json["steps"]![0] = JsonNode.Parse("""{"id": "wait_72h", "kind": "waitUntil", "time": "02:30", "next": "care_sms"}""");
        var machine = new JourneyMachine(JourneySpecTests.Parse(json.ToJsonString()), "p", new Context(false, newYork));

        // 8 March 2026, 01:00 EST: 02:30 does not exist that night (clocks go to 03:00); it is taken an hour later.
        var (position, _) = machine.Enter(new DateTimeOffset(2026, 3, 8, 1, 0, 0, TimeSpan.FromHours(-5)));

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 30, 0, TimeSpan.FromHours(-4)), position!.WakeAt);
    }

    private static JourneyMachine Machine(string json, bool holds = false) => new(JourneySpecTests.Parse(json), "p1", new Context(holds));

    private static List<string> Describe(IEnumerable<JourneyEffect> effects) =>
        [.. effects.Where(e => e is not (StepReached or BranchTaken)).Select(e => e switch
        {
            ActionTaken a => $"{a.Step} {(a.Withheld ? "withheld" : "sent")}",
            ActionSkipped s => $"{s.Step} skipped",
            ArmChosen c => $"{c.Step} arm",
            JourneyExited x => $"{x.Step} {(x.Converted ? "converted" : "exited")}",
            _ => e.ToString(),
        })];
}

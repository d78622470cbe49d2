using Helix.Core.Journeys;
using Helix.Core.Tags;
using Helix.Core.Tests.ComputedTraits;

namespace Helix.Core.Tests.Journeys;

/// <summary>Test mode: a person's own events replayed through a journey on a simulated clock.</summary>
public sealed class JourneySimulatorTests
{
    // 2026-11-02 10:00 in Shanghai.
    private static readonly DateTimeOffset Morning = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8));

    private sealed class Context : IJourneyContext
    {
        public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        public bool Holds(Condition condition, DateTimeOffset at) => false;
    }

    [Fact]
    public void Care_EntersAtTheFirstQualifyingOrder_AndSendsThreeDaysLater()
    {
        var journey = JourneySpecTests.Parse(JourneySpecTests.CareJourney);
        var events = new[]
        {
            TraitEvents.Message("Order Completed", Morning.AddHours(-1), """{"total": 20}"""),
            TraitEvents.Message("Order Completed", Morning, """{"total": 150}"""),
            TraitEvents.Message("Product Viewed", Morning.AddDays(1)),
        };

        var entered = JourneySimulator.FirstEntry(journey, events);
        var walk = JourneySimulator.Run(new JourneyMachine(journey, "p1", new Context()), entered!.Value, events, Morning.AddDays(30));

        Assert.Equal(Morning, entered);
        Assert.Null(walk.Position);
        Assert.Equal([("care_sms", Morning.AddHours(72)), ("done", Morning.AddHours(72))], walk.Effects.Where(e => e is not StepReached).Select(e => (e.Step, e.At)));
        Assert.Equal(["wait_72h", "care_sms", "done"], walk.Effects.OfType<StepReached>().Select(e => e.Step));
    }

    [Fact]
    public void Birthday_ConvertsAtTheFirstOrder_WhileWaitingForTheCoupon()
    {
        var journey = JourneySpecTests.Parse(JourneySpecTests.BirthdayJourney);
        var events = new[] { TraitEvents.Message("Order Completed", Morning.AddDays(2)), TraitEvents.Message("Coupon Applied", Morning.AddDays(3)) };

        var walk = JourneySimulator.Run(new JourneyMachine(journey, "p1", new Context()), Morning, events, Morning.AddDays(30));

        Assert.Null(walk.Position);
        var exit = Assert.IsType<JourneyExited>(walk.Effects[^1]);
        Assert.Equal(("wait_use", Morning.AddDays(2), true), (exit.Step, exit.At, exit.Converted));
    }

    [Fact]
    public void UntilCutsTheWalk_WhereThePersonWaits()
    {
        var journey = JourneySpecTests.Parse(JourneySpecTests.CareJourney);

        var walk = JourneySimulator.Run(new JourneyMachine(journey, "p1", new Context()), Morning, [], Morning.AddDays(2));

        Assert.Equal(["wait_72h"], walk.Effects.Select(e => e.Step));
        Assert.Equal(("wait_72h", Morning.AddHours(72)), (walk.Position!.Step, walk.Position.WakeAt));
    }

    [Fact]
    public void AJourneyNotEnteredByAnEvent_HasNoFirstEntryFromEvents() =>
        Assert.Null(JourneySimulator.FirstEntry(JourneySpecTests.Parse(JourneySpecTests.BirthdayJourney), [TraitEvents.Message("Order Completed", Morning)]));
}

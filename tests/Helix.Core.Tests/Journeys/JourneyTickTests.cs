using Helix.Core.Journeys;
using Helix.Core.Journeys.Runtime;
using Helix.Core.Profiles;
using Helix.Core.Tags;
using Helix.Core.Tests.ComputedTraits;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Journeys;

/// <summary>The runtime's round as a pure function: entries and re-entry, timers, goals, pauses, versions, replays.</summary>
public sealed class JourneyTickTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly WorkspaceId Ws = new("ws");
    private static readonly PersonId P1 = new("p1");

    private static string Care(string reentry = "\"afterExit\"", string coupon = "C1") => $$"""
        {"name": "care", "entry": {"kind": "event", "event": "Order Completed"}, "reentry": {{reentry}},
         "goal": {"event": "Review Written", "within": "30d"}, "start": "wait",
         "steps": [
           {"id": "wait", "kind": "wait", "duration": "72h", "next": "coupon"},
           {"id": "coupon", "kind": "action", "connector": "coupon", "parameters": {"couponId": "{{coupon}}"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    private sealed class Context : IJourneyContext
    {
        public TimeZoneInfo Zone => TimeZoneInfo.Utc;

        public bool Holds(Condition condition, DateTimeOffset at) => true;
    }

    private static JourneyTick Tick(
        DateTimeOffset now, IEnumerable<JourneyMember>? members = null, Dictionary<(WorkspaceId, string, PersonId), LastEntry>? entries = null,
        JourneyStatus status = JourneyStatus.Live, string? json = null, Dictionary<int, JourneyDefinition>? versions = null)
    {
        var current = JourneySpecTests.Parse(json ?? Care());
        var currentVersion = versions is null ? 1 : versions.Keys.Max();
        return new JourneyTick([new RunningJourney(Ws, current, currentVersion, status)],
            (_, _, v) => versions?.GetValueOrDefault(v) ?? (v == 1 ? current : null), members ?? [], entries ?? [], (_, _) => new Context(), now);
    }

    private static EventInput Event(string name, DateTimeOffset at, PersonId? person = null) =>
        new(Ws, person ?? P1, TraitEvents.Message(name, at) with { WorkspaceId = Ws });

    [Fact]
    public void AnEvent_EntersAndWaits_ThenTheTimerStoresTheActionOnce_AndTheEntryEnds()
    {
        var entering = Tick(T);
        entering.Apply(Event("Order Completed", T));
        var member = Assert.Single(entering.Changes.Members.Values)!;

        Assert.Equal(("wait", T.AddHours(72)), (member.Position.Step, member.Position.WakeAt));
        Assert.Equal(1, Assert.Single(entering.Changes.Started).Entry);
        Assert.Empty(entering.Changes.Outbox);

        var early = Tick(T.AddHours(71), [member]);
        early.Wake(member);
        Assert.Empty(early.Changes.Members);

        var due = Tick(T.AddHours(72).AddSeconds(1), [member]);
        due.Wake(member);
        var action = Assert.Single(due.Changes.Outbox);
        Assert.Equal(("care/1/coupon/p1", T.AddHours(72)), (action.Key, action.DueAt));
        Assert.Equal(("done", "exit"), (Assert.Single(due.Changes.Ended).Step, due.Changes.Ended[0].Reason));
        Assert.Null(due.Changes.Members[(Ws, "care", P1)]);
        Assert.Equal(["wait", "coupon", "done"], entering.Changes.Steps.Concat(due.Changes.Steps).Where(s => s.Kind == StepRecord.Reached).Select(s => s.Step));
    }

    [Theory]
    [InlineData("\"never\"", false, false)]
    [InlineData("\"afterExit\"", false, true)]
    [InlineData("\"afterExit\"", true, false)]
    [InlineData("{\"after\": \"30d\"}", false, false)]
    [InlineData("{\"after\": \"7d\"}", false, true)]
    public void ReEntry_FollowsThePolicy(string reentry, bool inside, bool enters)
    {
        var tick = Tick(T, json: Care(reentry), entries: new() { [(Ws, "care", P1)] = new LastEntry(1, T.AddDays(-10), inside) });

        tick.Apply(Event("Order Completed", T));

        Assert.Equal(enters ? [2] : [], tick.Changes.Started.Select(s => s.Entry));
    }

    [Fact]
    public void AStaleEvent_EntersNobody_ButTheGoalStillEndsAnEntry()
    {
        var member = new JourneyMember(Ws, "care", 1, P1, 1, new JourneyPosition("wait", T, T, T.AddHours(72)), false);
        var tick = Tick(T.AddDays(3), [member]);

        tick.Apply(Event("Order Completed", T.AddDays(1), new PersonId("p2")));
        tick.Apply(Event("Review Written", T.AddDays(1)));

        Assert.Empty(tick.Changes.Started);
        Assert.Equal("goal", Assert.Single(tick.Changes.Ended).Reason);
        Assert.Empty(tick.Changes.Outbox);
    }

    /// <summary>An event moves exactly its own person's memberships: those loaded and those entered earlier in the same round.</summary>
    [Fact]
    public void AnEvent_MovesOnlyItsPersonsMemberships_IncludingOnesEnteredThisRound()
    {
        var waiting = Enumerable.Range(0, 50).Select(i => new JourneyMember(Ws, "care", 1, new PersonId($"w{i}"), 1, new JourneyPosition("wait", T, T, T.AddHours(72)), false));
        var tick = Tick(T, waiting);

        tick.Apply(Event("Order Completed", T, new PersonId("n1")));
        tick.Apply(Event("Order Completed", T, new PersonId("n2")));
        tick.Apply(Event("Review Written", T, new PersonId("n1")));
        tick.Apply(Event("Review Written", T, new PersonId("w7")));

        Assert.Equal(["n1", "n2"], tick.Changes.Started.Select(s => s.Person.Value));
        Assert.Equal(["n1", "w7"], tick.Changes.Ended.Select(e => e.Person.Value));
        Assert.All(tick.Changes.Ended, e => Assert.Equal("goal", e.Reason));
        Assert.Equal(["n1", "n2", "w7"], tick.Changes.Members.OrderBy(m => m.Key.Person.Value).Select(m => m.Key.Person.Value));
        Assert.NotNull(tick.Changes.Members[(Ws, "care", new PersonId("n2"))]);
    }

    [Fact]
    public void APausedJourney_EntersNobody_AndHoldsThoseInside()
    {
        var member = new JourneyMember(Ws, "care", 1, P1, 1, new JourneyPosition("wait", T, T, T.AddHours(72)), false);
        var tick = Tick(T.AddDays(5), [member], status: JourneyStatus.Paused);

        tick.Wake(member);
        tick.Apply(Event("Order Completed", T.AddDays(5), new PersonId("p2")));
        tick.Apply(Event("Review Written", T.AddDays(5)));

        Assert.Empty(tick.Changes.Members);
        Assert.Empty(tick.Changes.Started);
    }

    [Fact]
    public void AMember_FinishesOnTheVersionTheyEntered()
    {
        var versions = new Dictionary<int, JourneyDefinition> { [1] = JourneySpecTests.Parse(Care(coupon: "OLD")), [2] = JourneySpecTests.Parse(Care(coupon: "NEW")) };
        var member = new JourneyMember(Ws, "care", 1, P1, 1, new JourneyPosition("wait", T, T, T.AddHours(72)), false);
        var tick = Tick(T.AddHours(73), [member], json: Care(coupon: "NEW"), versions: versions);

        tick.Wake(member);
        tick.Apply(Event("Order Completed", T.AddHours(73), new PersonId("p2")));

        Assert.Equal("OLD", tick.Changes.Outbox.Single(o => o.Person == P1).Action.Parameters.GetProperty("couponId").GetString());
        Assert.Equal(2, Assert.Single(tick.Changes.Started).Version);
    }

    [Fact]
    public void SegmentAndApiEntries_EnterOnlyTheirJourneys()
    {
        const string OnExit = """
            {"name": "care", "entry": {"kind": "segmentExited", "segment": "vip"}, "start": "done", "steps": [{"id": "done", "kind": "exit"}]}
            """;
        var tick = Tick(T, json: OnExit);

        tick.Apply(new SegmentInput(Ws, P1, "vip", Entered: true, T, "in"));
        tick.Apply(new SegmentInput(Ws, new PersonId("p2"), "vip", Entered: false, T, "out"));
        tick.Apply(new SegmentInput(Ws, new PersonId("p3"), "other", Entered: false, T, "other"));
        tick.Apply(new RequestedInput(Ws, new PersonId("p4"), "care", T, "api"));

        Assert.Equal(["p2"], tick.Changes.Started.Select(s => s.Person.Value));
        Assert.Equal("out", tick.Changes.Started[0].Trigger);
    }

    /// <summary>The exactly-once basis: a round repeated from the same state (a crash before its commit) stores the same actions under the same keys.</summary>
    [Fact]
    public void ARepeatedRound_StoresTheSameActionsUnderTheSameKeys()
    {
        const string Split = """
            {"name": "care", "entry": {"kind": "event", "event": "Order Completed"}, "holdout": 0.2, "start": "split",
             "steps": [
               {"id": "split", "kind": "split", "arms": [{"name": "a", "weight": 1, "next": "ca"}, {"name": "b", "weight": 2, "next": "cb"}]},
               {"id": "ca", "kind": "action", "connector": "coupon", "parameters": {"couponId": "A"}, "next": "done"},
               {"id": "cb", "kind": "action", "connector": "coupon", "parameters": {"couponId": "B"}, "next": "done"},
               {"id": "done", "kind": "exit"}]}
            """;
        var inputs = Enumerable.Range(0, 300).Select(i => Event("Order Completed", T.AddSeconds(-i), new PersonId($"p{i}"))).ToList();

        List<string> Run()
        {
            var tick = Tick(T, json: Split);
            inputs.ForEach(tick.Apply);
            return [.. tick.Changes.Outbox.Select(o => $"{o.Key}:{o.Action.Parameters.GetProperty("couponId").GetString()}:{o.Withheld}")];
        }

        var first = Run();
        Assert.Equal(first, Run());
        Assert.Equal(300, first.Distinct().Count());
        Assert.InRange(first.Count(o => o.EndsWith(":True", StringComparison.Ordinal)), 30, 90);
    }
}

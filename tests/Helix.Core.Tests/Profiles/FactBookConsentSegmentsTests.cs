using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>A refused <c>profiling</c> consent keeps a person out of segments built from behaviour: real-time ones at once, scheduled ones through the store.</summary>
public sealed class FactBookConsentSegmentsTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);

    private const string Document = """
        {
          "segments": [
            {"name": "buyers", "mode": "realtime", "when": "did(\"Order Completed\")"},
            {"name": "nightly_buyers", "mode": "scheduled", "when": "did(\"Order Completed\")"},
            {"name": "uploaded", "mode": "static"}
          ]
        }
        """;

    private readonly ProfileGraph _graph = new();
    private FactBook _book;
    private long _position;

    public FactBookConsentSegmentsTests()
    {
        _book = new FactBook(_graph);
    }

    private static ProfileDefinitions Definitions => ProfileDefinitions.FromStored(Document, 1);

    private void Define() => _book.Define(Workspace, Definitions, () => [], _position++, T0);

    private PersonId Apply(CollectedMessage message) => _book.Apply(_graph, message, _position++);

    private static CollectedMessage Track(string? user, string name, DateTimeOffset at, string properties = "{}", string? anonymous = null) => new()
    {
        WorkspaceId = Workspace, SourceId = new SourceId("s"), MessageId = Guid.NewGuid().ToString("N"), Type = MessageType.Track,
        UserId = user, AnonymousId = anonymous, Event = name, Timestamp = at, ReceivedAt = T0.AddDays(1), Properties = JsonElement.Parse(properties),
    };

    private static CollectedMessage Profiling(string? user, bool granted, DateTimeOffset at, string? anonymous = null) =>
        Track(user, "Consent Updated", at, $$"""{"consents": [{"purpose": "profiling", "granted": {{(granted ? "true" : "false")}}}]}""", anonymous);

    /// <summary>The real-time segments the person is in now, as the commit would store them.</summary>
    private List<string> Segments(PersonId person)
    {
        var snapshot = _book.TakeChanged().Changed.SingleOrDefault(s => s.Person == person);
        Assert.NotNull(snapshot);
        return [.. snapshot.Segments.Keys];
    }

    [Fact]
    public void Refusal_LeavesRealtimeAndScheduledSegments_NamingTheConsent_AndAGrantBringsThemBack()
    {
        Define();
        var person = Apply(Track("u1", "Order Completed", T0));
        Assert.Equal(["buyers"], Segments(person));
        _book.TakeSegmentHistory();

        var refusal = Profiling("u1", false, T0.AddHours(1));
        Apply(refusal);

        Assert.Empty(Segments(person));
        var reason = $"consent profiling refused (event {refusal.MessageId})";
        var left = Assert.Single(_book.TakeSegmentHistory());
        Assert.Equal(("buyers", false, reason), (left.Segment, left.Entered, left.Reason));
        var scheduled = Assert.Single(_book.TakeScheduledExits()); // static segments are lists, not profiling: none for "uploaded"
        Assert.Equal(("nightly_buyers", false, reason, person), (scheduled.Segment, scheduled.Entered, scheduled.Reason, scheduled.Person));

        var grant = Profiling("u1", true, T0.AddHours(2));
        Apply(grant);

        Assert.Equal(["buyers"], Segments(person));
        var back = Assert.Single(_book.TakeSegmentHistory());
        Assert.Equal(("buyers", true, $"event {grant.MessageId}"), (back.Segment, back.Entered, back.Reason));
        Assert.Empty(_book.TakeScheduledExits()); // the next recompute brings scheduled membership back
    }

    [Fact]
    public void OlderRefusalArrivingAfterANewerGrant_LeavesNoSegment()
    {
        Define();
        var person = Apply(Track("u1", "Order Completed", T0));
        Apply(Profiling("u1", true, T0.AddHours(2)));
        _book.TakeSegmentHistory();

        Apply(Profiling("u1", false, T0.AddHours(1)));

        Assert.Equal(["buyers"], Segments(person));
        Assert.Empty(_book.TakeSegmentHistory());
        Assert.Empty(_book.TakeScheduledExits());
    }

    [Fact]
    public void RefusalBeforeTheEvents_NeverEnters()
    {
        Define();
        var person = Apply(Profiling("u1", false, T0));

        Apply(Track("u1", "Order Completed", T0.AddHours(1)));

        Assert.Empty(Segments(person));
        Assert.Empty(_book.TakeSegmentHistory());
    }

    [Theory]
    [InlineData(1, 2, true)]
    [InlineData(2, 1, false)]
    public void Merge_TheLaterOfBothPersonsStatementsDecidesMembership(int refusedAtHour, int grantedAtHour, bool member)
    {
        Define();
        var known = Apply(Track("u1", "Order Completed", T0));
        Apply(Profiling("u1", false, T0.AddHours(refusedAtHour)));
        Apply(Profiling(null, true, T0.AddHours(grantedAtHour), anonymous: "cookie"));
        Apply(Track(null, "Order Completed", T0, anonymous: "cookie"));
        _book.TakeScheduledExits();

        var survivor = Apply(Track("u1", "Page Viewed", T0.AddHours(3), anonymous: "cookie"));

        Assert.Equal(known, survivor);
        Assert.Equal(member, Segments(survivor).Contains("buyers"));
        // A refusing survivor is asked out of scheduled segments too: the merged person's scheduled memberships move to it.
        Assert.Equal(member ? [] : ["nightly_buyers"], _book.TakeScheduledExits().Where(e => e.Person == survivor).Select(e => e.Segment));
    }

    [Fact]
    public void Reload_KeepsARefusingPersonOut_AndALaterGrantBringsThemBack()
    {
        Define();
        var person = Apply(Track("u1", "Order Completed", T0));
        Apply(Profiling("u1", false, T0.AddHours(1)));
        var snapshots = _book.TakeChanged().Changed;

        _book = new FactBook(_graph);
        _book.Load(new Dictionary<WorkspaceId, ProfileDefinitions> { [Workspace] = Definitions }, [], snapshots);
        _book.Sweep(T0.AddDays(2), _position++);
        Apply(Track("u1", "Order Completed", T0.AddHours(3)));

        Assert.Empty(Segments(person));
        Assert.Empty(_book.TakeSegmentHistory());

        Apply(Profiling("u1", true, T0.AddHours(4)));

        Assert.Equal(["buyers"], Segments(person));
        Assert.True(Assert.Single(_book.TakeSegmentHistory()).Entered);
    }
}

using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Profiles;

/// <summary>
/// The windowed fan-out rule: a till's shared custom id glues each customer who pays there to the
/// first one; past the rule's count within the window the hub is quarantined.
/// </summary>
public sealed class ProfileGraphQuarantineTests
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly IdentityRules ThreePerDay = new(IdentityRules.Default.Types) { MergeFanOut = new MergeFanOutLimit(3, TimeSpan.FromDays(1)) };

    private ProfileGraph _graph = new(ThreePerDay);
    private long _position;

    private PersonId Send(string anonymousId, DateTimeOffset at, string? externalIds = null)
    {
        var position = _position++;
        return _graph.Apply(new CollectedMessage
        {
            WorkspaceId = Workspace,
            SourceId = new SourceId("pos"),
            MessageId = $"m{position}",
            Type = MessageType.Track,
            Event = "Order Completed",
            AnonymousId = anonymousId,
            Timestamp = at,
            ReceivedAt = at,
            Context = externalIds is null ? null : JsonElement.Parse($$"""{"externalIds":{{externalIds}}}"""),
        }, position, []);
    }

    /// <summary>Customer <paramref name="n"/> shows a member card, then pays at the till, which sends its own id.</summary>
    private PersonId Customer(int n, DateTimeOffset at)
    {
        Send($"a{n}", at, $$"""[{"id":"card-{{n}}","type":"member_card"}]""");
        return Send($"a{n}", at.AddMinutes(1), """[{"id":"till-7","type":"till_id"}]""");
    }

    private PersonSnapshot Hub() => _graph.Find(Workspace, _graph.FindOwner(Workspace, new Identifier("till_id", "till-7"))!.Value)!;

    [Fact]
    public void MergesUpToTheLimitWithinTheWindow_AreMade()
    {
        for (var n = 1; n <= 4; n++)
        {
            Customer(n, T0.AddHours(n));
        }

        var hub = Hub();
        Assert.Equal(3, hub.MergeCount);
        Assert.Null(hub.Quarantine);
        Assert.Empty(_graph.TakeQuarantined());
    }

    [Fact]
    public void OneMergeOverTheLimitWithinTheWindow_QuarantinesTheHubAndFreezesIt()
    {
        for (var n = 1; n <= 4; n++)
        {
            Customer(n, T0.AddHours(n));
        }

        var fifth = Customer(5, T0.AddHours(5));
        var sixth = Customer(6, T0.AddHours(6));

        var hub = Hub();
        Assert.Equal(3, hub.MergeCount);
        Assert.Equal(new Quarantine("4 merges within 1d", 9, T0.AddHours(5).AddMinutes(1)), hub.Quarantine);
        Assert.NotEqual(hub.Id, fifth);
        Assert.NotEqual(hub.Id, sixth);
        Assert.Null(_graph.Find(Workspace, fifth)!.Quarantine);
        Assert.Equal(hub.Id, Assert.Single(_graph.TakeQuarantined()).Id);
        Assert.Empty(_graph.TakeQuarantined());
    }

    [Fact]
    public void MergesOutsideTheWindow_DoNotCount()
    {
        for (var n = 1; n <= 4; n++)
        {
            Customer(n, T0.AddMinutes(n));
        }

        for (var n = 5; n <= 7; n++)
        {
            Customer(n, T0.AddDays(1).AddMinutes(n));
        }

        var hub = Hub();
        Assert.Equal(6, hub.MergeCount);
        Assert.Null(hub.Quarantine);
    }

    [Fact]
    public void MergesAfterTheEvent_CountToo_SoAReverseOrderImportIsCaught()
    {
        for (var n = 1; n <= 5; n++)
        {
            Customer(n, T0.AddHours(10 - n));
        }

        Assert.Equal("4 merges within 1d", Hub().Quarantine?.Reason);
    }

    [Fact]
    public void TheWindowedCount_SurvivesASnapshotAndReload()
    {
        for (var n = 1; n <= 4; n++)
        {
            Customer(n, T0.AddHours(n));
        }

        _graph = ProfileGraph.FromSnapshots(_graph.TakeChanged(), ThreePerDay);
        Customer(5, T0.AddHours(5));

        Assert.Equal("4 merges within 1d", Hub().Quarantine?.Reason);
    }

    [Fact]
    public void RuleTurnedOff_LetsTheFanOutThrough()
    {
        _graph = new ProfileGraph(new IdentityRules(IdentityRules.Default.Types) { MergeFanOut = null });

        for (var n = 1; n <= 30; n++)
        {
            Customer(n, T0.AddMinutes(n));
        }

        Assert.Equal((29, null), (Hub().MergeCount, Hub().Quarantine));
    }

    [Fact]
    public void DefaultRule_QuarantinesTheTwentyFirstMergeInADay()
    {
        _graph = new ProfileGraph();

        for (var n = 1; n <= 22; n++)
        {
            Customer(n, T0.AddMinutes(10 * n));
        }

        Assert.Equal((20, "21 merges within 1d"), (Hub().MergeCount, Hub().Quarantine?.Reason));
    }
}

using Helix.Core.Audiences.Segments;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Testing;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests;

/// <summary>Segment members and history: real-time rows are derived (a rebuild replays them), recomputed and static ones are kept.</summary>
public sealed class SegmentStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("helix-segments-store");
    private DuckDbStore _store = null!;

    public async Task InitializeAsync() => _store = await DuckDbStore.OpenAsync(_directory.File("helix.duckdb"), TimeProvider.System);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Replace_EntersAndExitsByDifference()
    {
        Assert.Equal((2, 0), await _store.ReplaceSegmentMembersAsync(Workspace, "s", [new PersonId("p1"), new PersonId("p2")], T0, "recompute r1"));
        Assert.Equal((1, 1), await _store.ReplaceSegmentMembersAsync(Workspace, "s", [new PersonId("p2"), new PersonId("p3")], T0.AddDays(1), "recompute r2"));

        var members = await _store.SegmentMembersAsync(Workspace, "s", 10, null);
        Assert.Equal([("p2", T0), ("p3", T0.AddDays(1))], members.Select(m => (m.Person.Value, m.Since!.Value)));
        var history = await _store.SegmentHistoryAsync(Workspace, "s", null, 10);
        Assert.Equal(4, history.Count);
        Assert.Equal([("p1", false), ("p3", true)], history.Where(h => h.Reason == "recompute r2").Select(h => (h.Person.Value, h.Entered)).OrderBy(h => h.Item1));
    }

    [Fact]
    public async Task Rebuild_DropsRealtimeRows_AndKeepsDecisions()
    {
        await _store.ReplaceSegmentMembersAsync(Workspace, "lookalike", [new PersonId("p1")], T0, "lookalike of vip");
        var entered = new SegmentHistoryEntry(Workspace, new PersonId("p2"), "vip", true, T0, 1, "event m1");
        await _store.CommitAsync(new Helix.Core.Pipeline.PipelineCommit(2, [], [], []) { Facts = new FactsCommit([], [], []) { Segments = [entered] } });
        Assert.Single(await _store.SegmentMembersAsync(Workspace, "vip", 10, null));

        await _store.ResetDerivedAsync();

        Assert.Empty(await _store.SegmentMembersAsync(Workspace, "vip", 10, null));
        Assert.Empty(await _store.SegmentHistoryAsync(Workspace, "vip", null, 10));
        Assert.Equal(["p1"], (await _store.SegmentMembersAsync(Workspace, "lookalike", 10, null)).Select(m => m.Person.Value));
        Assert.Single(await _store.SegmentHistoryAsync(Workspace, "lookalike", null, 10));
    }
}

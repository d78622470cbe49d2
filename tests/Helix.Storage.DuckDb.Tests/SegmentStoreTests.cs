using Helix.Core.Audiences.Segments;
using Helix.Core.Privacy.Consent;
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
    public async Task RefusingProfiling_LeavesStoredScheduledMemberships_AndRecomputesCannotBringThemBack()
    {
        await _store.ReplaceSegmentMembersAsync(Workspace, "nightly", [new PersonId("p1"), new PersonId("p2")], T0, "recompute r1");
        await _store.ReplaceSegmentMembersAsync(Workspace, "uploaded", [new PersonId("p1")], T0, "lookalike of vip");
        var refusal = new ConsentStatement(new ConsentTopic(ConsentTopic.Profiling, null), false, T0, "s", "m1", 5);
        var refusing = new PersonFactsSnapshot(Workspace, new PersonId("p1"), new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, HeldTag>())
        {
            Profiling = refusal,
        };
        SegmentHistoryEntry Exit(string person) => new(Workspace, new PersonId(person), "nightly", false, T0.AddHours(1), 5, "consent profiling refused (event m1)");

        await _store.CommitAsync(new Helix.Core.Pipeline.PipelineCommit(6, [], [], [])
        {
            Facts = new FactsCommit([refusing], [], []) { ScheduledExits = [Exit("p1"), Exit("p3")] },
        });

        Assert.Equal(["p2"], (await _store.SegmentMembersAsync(Workspace, "nightly", 10, null)).Select(m => m.Person.Value));
        var exit = Assert.Single(await _store.SegmentHistoryAsync(Workspace, "nightly", null, 10), h => !h.Entered); // none for p3, never a member
        Assert.Equal(("p1", "consent profiling refused (event m1)"), (exit.Person.Value, exit.Reason));
        Assert.Equal(["p1"], (await _store.SegmentMembersAsync(Workspace, "uploaded", 10, null)).Select(m => m.Person.Value));

        // A recompute that selected p1 before the refusal committed writes after it.
        Assert.Equal((0, 0), await _store.ReplaceSegmentMembersAsync(Workspace, "nightly", [new PersonId("p1"), new PersonId("p2")], T0.AddHours(2), "recompute r2", exceptRefusals: true));
        Assert.Equal(["p2"], (await _store.SegmentMembersAsync(Workspace, "nightly", 10, null)).Select(m => m.Person.Value));
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

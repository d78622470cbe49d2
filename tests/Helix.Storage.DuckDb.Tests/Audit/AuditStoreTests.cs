using Helix.Core.Audit;
using Helix.Core.Workspaces;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests.Audit;

public sealed class AuditStoreTests : IAsyncLifetime
{
    private static readonly WorkspaceId Other = new("ws_other");
    private readonly AuditChain _chain = new(Enumerable.Repeat((byte)3, AuditChain.KeyBytes).ToArray());
    private DuckDbStore _store = null!;

    public async Task InitializeAsync() => _store = await DuckDbStore.OpenAsync(":memory:", TimeProvider.System);

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task AppendedEntries_ReadBackAsStored_AndVerify()
    {
        var entries = await AppendAsync(Workspace, 3);

        var read = await _store.ReadAuditChainAsync(Workspace, 0, 100);

        Assert.Equal(entries, read);
        var verifier = new AuditChainVerifier(_chain, Workspace);
        Assert.All(read, e => Assert.True(verifier.Apply(e)));
        Assert.True(verifier.Complete(await _store.GetAuditHeadAsync(Workspace)).Ok);
    }

    [Fact]
    public async Task Append_MovesEachWorkspacesHead()
    {
        var a = await AppendAsync(Workspace, 2);
        var b = await AppendAsync(Other, 1);
        var more = await AppendAsync(Workspace, 2);

        Assert.Equal(more[^1].Head, await _store.GetAuditHeadAsync(Workspace));
        Assert.Equal(b[^1].Head, await _store.GetAuditHeadAsync(Other));
        Assert.Equal(4, more[^1].Sequence);
        Assert.Equal(a[^1].Hash, more[0].PreviousHash);
        Assert.Null(await _store.GetAuditHeadAsync(new WorkspaceId("ws_none")));
    }

    [Fact]
    public async Task Query_IsScopedToTheWorkspace_NewestFirst()
    {
        await AppendAsync(Workspace, 3);
        await AppendAsync(Other, 2);

        var page = await _store.QueryAuditAsync(new AuditQuery(Workspace), 10);

        Assert.Equal([3L, 2, 1], page.Select(e => e.Sequence));
        Assert.All(page, e => Assert.Equal(Workspace, e.Record.Workspace));
    }

    [Fact]
    public async Task Query_AppliesEveryFilterAndTheCursor()
    {
        await AppendAsync(Workspace, 6);

        Assert.Equal([3L, 2], (await _store.QueryAuditAsync(new AuditQuery(Workspace, From: T0.AddMinutes(1), To: T0.AddMinutes(3)), 10)).Select(e => e.Sequence));
        Assert.Equal([6L, 4, 2], (await _store.QueryAuditAsync(new AuditQuery(Workspace, Actor: "key_even"), 10)).Select(e => e.Sequence));
        Assert.Equal([6L, 4, 2], (await _store.QueryAuditAsync(new AuditQuery(Workspace, Actor: "even admin"), 10)).Select(e => e.Sequence));
        Assert.Equal([5L, 3, 1], (await _store.QueryAuditAsync(new AuditQuery(Workspace, Action: "PUT"), 10)).Select(e => e.Sequence));
        Assert.Equal([4L], (await _store.QueryAuditAsync(new AuditQuery(Workspace, Target: "p_4"), 10)).Select(e => e.Sequence));
        Assert.Equal([3L, 2], (await _store.QueryAuditAsync(new AuditQuery(Workspace, Before: 4), 2)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Rebuild_KeepsTheAuditLog()
    {
        var entries = await AppendAsync(Workspace, 2);

        await _store.ResetDerivedAsync();

        Assert.Equal(entries, await _store.ReadAuditChainAsync(Workspace, 0, 100));
        Assert.Equal(entries[^1].Head, await _store.GetAuditHeadAsync(Workspace));
    }

    [Fact]
    public async Task AppendingASequenceTwice_FailsWholly()
    {
        var entries = await AppendAsync(Workspace, 1);
        var next = _chain.Seal(Record(Workspace, 9), entries[^1].Head);

        await Assert.ThrowsAnyAsync<Exception>(() => _store.AppendAuditAsync([next, entries[0]]));

        Assert.Equal(entries, await _store.ReadAuditChainAsync(Workspace, 0, 100));
        Assert.Equal(entries[^1].Head, await _store.GetAuditHeadAsync(Workspace));
    }

    private async Task<List<AuditEntry>> AppendAsync(WorkspaceId workspace, int count)
    {
        var head = await _store.GetAuditHeadAsync(workspace);
        var stored = head?.Sequence ?? 0;
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            var entry = _chain.Seal(Record(workspace, (int)stored + i + 1), head);
            entries.Add(entry);
            head = entry.Head;
        }

        await _store.AppendAuditAsync(entries);
        return entries;
    }

    /// <summary>Entry n happens at minute n-1; even entries are GETs by one key, odd ones PUTs by another.</summary>
    private static AuditRecord Record(WorkspaceId workspace, int n) => new(
        workspace, T0.AddMinutes(n - 1).AddTicks(10 * 123),
        n % 2 == 0 ? new AuditActor("key_even", "even admin", "admin") : new AuditActor("key_odd", "odd marketer", "marketer"),
        n % 2 == 0 ? "GET /api/v1/profiles/{personId}" : "PUT /api/v1/profile-definitions/",
        n % 2 == 0 ? $"p_{n}" : null, 200, n == 1 ? null : "127.0.0.1", "test/1", $"req-{n}");
}

using Helix.Core.Pipeline;
using Helix.Core.Profiles;
using Helix.Testing;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests;

/// <summary>Merges remembered in <c>person_merges</c>, in the commit that repoints the rows: old ids find the person that holds their data now.</summary>
public sealed class PersonMergesTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("helix-merges");
    private DuckDbStore _store = null!;

    public async Task InitializeAsync() => _store = await DuckDbStore.OpenAsync(_directory.File("helix.duckdb"), TimeProvider.System);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private Task MergeAsync(long checkpoint, string survivor, string merged) =>
        _store.CommitAsync(new PipelineCommit(checkpoint, [new PersonMerge(Workspace, new PersonId(survivor), new PersonId(merged), checkpoint - 1)], [], [Person(survivor)]));

    private async Task<string?> SurvivorOfAsync(string person) => (await _store.SurvivorOfAsync(Workspace, new PersonId(person)))?.Value;

    [Fact]
    public async Task ChainAcrossCommits_LeadsToTheLastSurvivor_AndLivePersonsAreNotRedirected()
    {
        await _store.CommitAsync(new PipelineCommit(3, [], [Event(0, "a", "m0"), Event(1, "b", "m1"), Event(2, "c", "m2")], [Person("a"), Person("b"), Person("c")]));

        await MergeAsync(4, "b", "a");
        Assert.Equal("b", await SurvivorOfAsync("a"));
        await MergeAsync(5, "c", "b");

        Assert.Equal("c", await SurvivorOfAsync("a"));
        Assert.Equal("c", await SurvivorOfAsync("b"));
        Assert.Null(await SurvivorOfAsync("c"));
        Assert.Null(await SurvivorOfAsync("nobody"));
    }

    [Fact]
    public async Task FailedCommit_RemembersNoMerge()
    {
        await _store.CommitAsync(new PipelineCommit(2, [], [Event(0, "a", "m0"), Event(1, "b", "m1")], [Person("a"), Person("b")]));

        // An event without a person breaks a NOT NULL constraint after the merge was written: the whole commit must go.
        var broken = Event(2, "b", "m2") with { PersonId = new PersonId(null!) };
        await Assert.ThrowsAnyAsync<Exception>(() => _store.CommitAsync(
            new PipelineCommit(3, [new PersonMerge(Workspace, new PersonId("b"), new PersonId("a"), 2)], [broken], [Person("b")])));

        Assert.Null(await SurvivorOfAsync("a"));
        Assert.NotNull(await _store.GetProfileAsync(Workspace, new PersonId("a")));
    }
}

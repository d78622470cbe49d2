using Helix.Core.Pipeline;
using Helix.Core.Privacy.Consent;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Testing;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests;

/// <summary>A person's deciding profiling statement kept in <c>person_facts.profiling</c>: read back whole, and refusing persons left out of lookalikes.</summary>
public sealed class ProfilingConsentStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("helix-profiling");
    private DuckDbStore _store = null!;

    public async Task InitializeAsync() => _store = await DuckDbStore.OpenAsync(_directory.File("helix.duckdb"), TimeProvider.System);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    private static PersonFactsSnapshot Facts(string person, bool? granted) =>
        new(Workspace, new PersonId(person), new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, HeldTag>())
        {
            Profiling = granted is { } g ? new ConsentStatement(new ConsentTopic(ConsentTopic.Profiling, null), g, T0, "store-pos", $"msg-{person}", 7) : null,
        };

    [Fact]
    public async Task RefusingPersons_AreLeftOutOfLookalikes_AndTheStatementReadsBackWhole()
    {
        await _store.CommitAsync(new PipelineCommit(3, [], [Event(0, "a", "m0"), Event(1, "b", "m1"), Event(2, "c", "m2")], [Person("a"), Person("b"), Person("c")])
        {
            Facts = new FactsCommit([Facts("a", false), Facts("b", true), Facts("c", null)], [], []),
        });

        var persons = await _store.LookalikePersonsAsync(Workspace);

        Assert.Equal(["b", "c"], persons.Select(p => p.Person.Value));
        var refusal = (await _store.GetFactsAsync(Workspace, new PersonId("a")))!.Profiling;
        Assert.Equal(Facts("a", false).Profiling, refusal);
        Assert.Null((await _store.GetFactsAsync(Workspace, new PersonId("c")))!.Profiling);
    }
}

using Helix.Core.Journeys;
using Helix.Core.Journeys.Runtime;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Testing;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests;

/// <summary>A round's due timers leave out the members of versions that cannot move, so they never crowd out timers that can fire.</summary>
public sealed class JourneyRoundTimersTests : IAsyncLifetime
{
    private const string Definition = """{"name": "care", "entry": {"kind": "api"}, "start": "done", "steps": [{"id": "done", "kind": "exit"}]}""";
    private readonly TempDirectory _directory = new("helix-round-timers");
    private DuckDbStore _store = null!;

    public async Task InitializeAsync() => _store = await DuckDbStore.OpenAsync(_directory.File("helix.duckdb"), TimeProvider.System);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task UnreadableVersions_TimersAreNotRead_OthersFireFirstInTheirStead()
    {
        await _store.SaveJourneyAsync(Workspace, "care", Definition, "test", T0);
        await _store.SaveJourneyAsync(Workspace, "care", Definition, "test", T0);
        await _store.SetJourneyStatusAsync(Workspace, "care", JourneyStatus.Live, T0);
        var changes = new JourneyChanges();
        foreach (var (person, version, minute) in new[] { ("old1", 1, 0), ("old2", 1, 1), ("new1", 2, 2), ("new2", 2, 3) })
        {
            var member = new JourneyMember(Workspace, "care", version, new PersonId(person), 1, new JourneyPosition("wait", T0, T0, T0.AddMinutes(minute)), false);
            changes.Members[(Workspace, "care", member.Person)] = member;
        }

        await _store.CommitRoundAsync(new JourneyRound(0, 0, 0, 0, [], [], [], [], new Dictionary<(WorkspaceId, string, PersonId), LastEntry>()), changes, T0);
        var running = await _store.RunningJourneysAsync();
        var noSegments = new HashSet<(WorkspaceId, string)>();

        async Task<string[]> DueAsync(IReadOnlyCollection<(WorkspaceId, string, int)> unreadable, int limit) =>
            [.. (await _store.ReadRoundAsync(running, noSegments, unreadable, T0.AddHours(1), limit)).Due.Select(m => m.Person.Value)];

        Assert.Equal(["old1", "old2"], await DueAsync([], 2));
        Assert.Equal(["new1", "new2"], await DueAsync([(Workspace, "care", 1)], 2));
        Assert.Equal(["old1", "old2", "new1", "new2"], await DueAsync([(Workspace, "other", 1), (new WorkspaceId("ws2"), "care", 1)], 10));
    }
}

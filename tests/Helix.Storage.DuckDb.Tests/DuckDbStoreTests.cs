using System.Text.Json;
using DuckDB.NET.Data;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Models;
using Helix.Core.Pipeline;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Testing;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests;

public sealed class DuckDbStoreTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("helix-store");
    private DuckDbStore _store = null!;

    private string StorePath => _directory.File("helix.duckdb");

    public async Task InitializeAsync() => _store = await DuckDbStore.OpenAsync(StorePath, TimeProvider.System);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Reopen_KeepsDataAndDoesNotReapplyMigrations()
    {
        await _store.CreateWorkspaceAsync(Workspace, "Brand", T0);
        await _store.DisposeAsync();

        _store = await DuckDbStore.OpenAsync(StorePath, TimeProvider.System);

        Assert.True(await _store.AnyWorkspaceAsync());
        Assert.Equal(Migrations.Latest, _store.SchemaVersion);
    }

    [Fact]
    public async Task ModelRuns_SaveProgress_ListNewestFirst_AndInterruptWhatWasLeftRunning()
    {
        var other = new WorkspaceId("other");
        var first = new ModelRun("mrun_1", Workspace, ModelRunTrigger.Schedule, "schedule", T0, ModelRunStatus.Succeeded,
            [new ModelRunStep("rfm", "rfm", ModelStepStatus.Applied, 12, "model_1")], T0.AddMinutes(1));
        var second = new ModelRun("mrun_2", Workspace, ModelRunTrigger.Manual, "key_1", T0.AddHours(1), ModelRunStatus.Running,
            [new ModelRunStep("rfm", "rfm", ModelStepStatus.Waiting), new ModelRunStep("clv", "clv", ModelStepStatus.Waiting)]);
        await _store.SaveModelRunAsync(first);
        await _store.SaveModelRunAsync(second);
        await _store.SaveModelRunAsync(second with { Steps = [second.Steps[0] with { Status = ModelStepStatus.Applied, Persons = 3 }, second.Steps[1]] });

        var interrupted = await _store.InterruptModelRunsAsync(T0.AddHours(2));

        Assert.Equal(1, interrupted);
        var runs = await _store.ListModelRunsAsync(Workspace, 10);
        Assert.Equal(["mrun_2", "mrun_1"], runs.Select(r => r.Id));
        Assert.Equal(ModelRunStatus.Interrupted, runs[0].Status);
        Assert.Equal(T0.AddHours(2), runs[0].FinishedAt);
        Assert.Equal(1, runs[0].StepsDone);
        Assert.Equal(first, (await _store.GetModelRunAsync(Workspace, "mrun_1"))! with { Steps = first.Steps });
        Assert.Equal(first.Steps, (await _store.GetModelRunAsync(Workspace, "mrun_1"))!.Steps);
        Assert.Null(await _store.GetModelRunAsync(other, "mrun_1"));
        Assert.Empty(await _store.ListModelRunsAsync(other, 10));
    }

    [Fact]
    public async Task Commit_ThenLoad_RoundTripsPersonsTraitsIdentifiersAndCheckpoint()
    {
        await _store.CommitAsync(new PipelineCommit(2, [], [Event(0, "p1", "m0"), Event(1, "p1", "m1", 1)], [Person("p1", "u")]));

        var snapshot = await _store.LoadAsync(TimeSpan.FromDays(1));

        Assert.Equal(2, snapshot.Checkpoint);
        var person = Assert.Single(snapshot.Persons);
        Assert.Equal(new PersonId("p1"), person.Id);
        Assert.Equal(3, person.EventCount);
        Assert.Equal("张三", person.Traits["name"].Value.GetString());
        Assert.Equal(T0.AddMinutes(5), person.Traits["name"].UpdatedAt);
        Assert.Equal(new Identifier(IdentifierTypes.UserId, "u"), Assert.Single(person.Identifiers).Identifier);
        Assert.Equal(["m0", "m1"], snapshot.RecentMessages.Select(m => m.MessageId));
        Assert.Equal(2, await _store.CountEventsAsync(Workspace));
    }

    [Fact]
    public async Task MergeCountAndQuarantine_RoundTrip()
    {
        var quarantined = Person("p1", "u") with { MergeCount = 100, Quarantine = new Quarantine("more than 100 merges", 7, T0.AddHours(2)) };

        await _store.CommitAsync(new PipelineCommit(1, [], [Event(0, "p1", "m0")], [quarantined]));

        var loaded = Assert.Single((await _store.LoadAsync(TimeSpan.FromDays(1))).Persons);
        Assert.Equal(100, loaded.MergeCount);
        Assert.Equal(quarantined.Quarantine, loaded.Quarantine);
        var profile = await _store.GetProfileAsync(Workspace, new PersonId("p1"));
        Assert.Equal(quarantined.Quarantine, profile!.Quarantine);
    }

    [Fact]
    public async Task TraitCounts_RoundTrip_AndPersonsFromBeforeMigration7_LoadWithoutAny()
    {
        IReadOnlyList<TraitValueCount> city =
        [
            new(new TraitValue(JsonElement.Parse("\"上海\""), T0.AddMinutes(3), new SourceId("src_app"), "m3", 3), 3),
            new(new TraitValue(JsonElement.Parse("""{"city":"北京"}"""), T0.AddMinutes(5), null, null, 5), 2),
        ];
        await _store.CommitAsync(new PipelineCommit(1, [], [Event(0, "p1", "m0")], [Person("p1", "u") with { TraitCounts = new Dictionary<string, IReadOnlyList<TraitValueCount>> { ["city"] = city } }]));
        await _store.DisposeAsync();
        // The store as version 6 left it: no trait_counts column.
        using (var connection = new DuckDBConnection($"Data Source={StorePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT table_name FROM information_schema.tables WHERE table_name NOT IN ({string.Join(", ", TablesOfVersion6.Select(t => $"'{t}'"))})";
            var newer = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    newer.Add(reader.GetString(0));
                }
            }

            command.CommandText = "ALTER TABLE persons DROP COLUMN trait_counts; DELETE FROM schema_migrations WHERE version >= 7; "
                + string.Concat(newer.Select(t => $"DROP TABLE {t}; "));
            command.ExecuteNonQuery();
        }

        _store = await DuckDbStore.OpenAsync(StorePath, TimeProvider.System);
        var upgraded = Assert.Single((await _store.LoadAsync(TimeSpan.FromDays(1))).Persons);
        await _store.CommitAsync(new PipelineCommit(2, [], [], [upgraded with { TraitCounts = new Dictionary<string, IReadOnlyList<TraitValueCount>> { ["city"] = city } }]));
        var loaded = Assert.Single((await _store.LoadAsync(TimeSpan.FromDays(1))).Persons);

        Assert.Equal((Migrations.Latest, "张三"), (_store.SchemaVersion, upgraded.Traits["name"].Value.GetString()));
        Assert.Empty(upgraded.TraitCounts);
        Assert.Equal(city.Select(Describe), loaded.TraitCounts["city"].Select(Describe));
    }

    /// <summary>The tables migrations 1 to 6 created: everything else is newer and dropped to fake a version-6 store.</summary>
    private static readonly string[] TablesOfVersion6 =
    [
        "schema_migrations", "workspaces", "sources", "api_keys", "events", "persons", "identities", "identity_links", "pipeline_checkpoint",
        "identity_operations", "identity_match_runs", "identity_match_reviews", "profile_definitions", "tag_list_members", "person_facts",
        "tag_history", "tag_proposals", "model_runs",
    ];

    private static string Describe(TraitValueCount count) =>
        $"{count.Latest.Value.GetRawText()} {count.Count} {count.Latest.UpdatedAt:O} {count.Latest.Source} {count.Latest.MessageId} {count.Latest.Position}";

    [Fact]
    public async Task RecentMessages_AreOnlyThoseWithinTheWindow()
    {
        await _store.CommitAsync(new PipelineCommit(3, [], [Event(0, "p1", "old"), Event(1, "p1", "mid", 50), Event(2, "p1", "new", 100)], []));

        var snapshot = await _store.LoadAsync(TimeSpan.FromMinutes(60));

        Assert.Equal(["mid", "new"], snapshot.RecentMessages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task FailedCommit_StoresNothingAndKeepsTheCheckpoint()
    {
        await _store.CommitAsync(new PipelineCommit(1, [], [Event(0, "p1", "m0")], [Person("p1", "u")]));

        // The last event breaks a NOT NULL constraint after the first one was appended: the whole batch must go.
        var broken = Event(2, "p2", "m2") with { PersonId = new PersonId(null!) };
        await Assert.ThrowsAnyAsync<Exception>(() =>
            _store.CommitAsync(new PipelineCommit(3, [], [Event(1, "p2", "m1"), broken], [Person("p2", "v")])));

        Assert.Equal(1, await _store.GetCheckpointAsync());
        Assert.Equal(1, await _store.CountEventsAsync(Workspace));
        Assert.Null(await _store.GetProfileAsync(Workspace, new PersonId("p2")));
    }

    [Fact]
    public async Task Merge_RepointsEventsAndIdentifiersAndRemovesTheMergedPerson()
    {
        await _store.CommitAsync(new PipelineCommit(2, [], [Event(0, "p1", "m0"), Event(1, "p2", "m1")], [Person("p1", "a"), Person("p2", "b")]));

        await _store.CommitAsync(new PipelineCommit(3,
            [new PersonMerge(Workspace, new PersonId("p1"), new PersonId("p2"), 2)],
            [Event(2, "p1", "m2")],
            [Person("p1", "a", "b")]));

        Assert.Null(await _store.GetProfileAsync(Workspace, new PersonId("p2")));
        Assert.Equal(new PersonId("p1"), await _store.FindByIdentifierAsync(Workspace, new Identifier(IdentifierTypes.UserId, "b")));
        var timeline = await _store.GetTimelineAsync(Workspace, new PersonId("p1"), null, 10);
        Assert.Equal(3, timeline.Events.Count);
    }

    [Fact]
    public async Task MergeChainInOneBatch_SendsRowsToTheFinalSurvivor()
    {
        await _store.CommitAsync(new PipelineCommit(3, [], [Event(0, "a", "m0"), Event(1, "b", "m1"), Event(2, "c", "m2")], [Person("a"), Person("b"), Person("c")]));

        await _store.CommitAsync(new PipelineCommit(4,
            [new PersonMerge(Workspace, new PersonId("b"), new PersonId("c"), 3), new PersonMerge(Workspace, new PersonId("a"), new PersonId("b"), 3)],
            [],
            [Person("a")]));

        var timeline = await _store.GetTimelineAsync(Workspace, new PersonId("a"), null, 10);
        Assert.Equal(3, timeline.Events.Count);
        Assert.Null(await _store.GetProfileAsync(Workspace, new PersonId("c")));
    }

    [Fact]
    public async Task Timeline_KeepsMicrosecondsAndJson()
    {
        await _store.CommitAsync(new PipelineCommit(1, [], [Event(0, "p1", "m0")], [Person("p1", "u")]));

        var stored = Assert.Single((await _store.GetTimelineAsync(Workspace, new PersonId("p1"), null, 10)).Events);

        Assert.Equal(T0.AddTicks(1230), stored.Timestamp);
        Assert.Equal("薯片-1", stored.Properties!.Value.GetProperty("sku").GetString());
    }

    [Fact]
    public async Task Timeline_PagesWithTiesBrokenByPosition()
    {
        var events = Enumerable.Range(0, 25).Select(i => Event(i, "p1", $"m{i}", minute: i / 3)).ToList();
        await _store.CommitAsync(new PipelineCommit(25, [], events, [Person("p1", "u")]));

        var positions = new List<long>();
        TimelineCursor? cursor = null;
        var sizes = new List<int>();
        do
        {
            var page = await _store.GetTimelineAsync(Workspace, new PersonId("p1"), cursor, 10);
            positions.AddRange(page.Events.Select(e => e.Position));
            sizes.Add(page.Events.Count);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal([10, 10, 5], sizes);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => 24L - i), positions);
    }

    [Fact]
    public async Task TimelineOfOneEvent_SkipsOtherEventsAndPages()
    {
        StoredEvent Order(int position, MessageType type = MessageType.Track)
        {
            var stored = Event(position, "p1", $"m{position}", minute: position);
            return stored with { Message = stored.Message with { Type = type, Event = "Order Completed" } };
        }

        var events = new[] { Order(0), Event(1, "p1", "m1", minute: 1), Order(2, MessageType.Page), Order(3), Event(4, "p1", "m4", minute: 4), Order(5) };
        await _store.CommitAsync(new PipelineCommit(6, [], events, [Person("p1", "u")]));

        var first = await _store.GetTimelineAsync(Workspace, new PersonId("p1"), null, 2, "Order Completed");
        var second = await _store.GetTimelineAsync(Workspace, new PersonId("p1"), first.Next, 2, "Order Completed");

        Assert.Equal([5L, 3L], first.Events.Select(e => e.Position));
        Assert.Equal([0L], second.Events.Select(e => e.Position));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task QuarantineList_PagesNewestFirst_WithEachPersonsGraph_InItsWorkspaceOnly()
    {
        Quarantine At(long position) => new($"q{position}", position, T0.AddMinutes(position));
        var link = new IdentityLink(new Identifier(IdentifierTypes.UserId, "u1"), new Identifier(IdentifierTypes.UserId, "v1"), IdentityLinkKind.Merged, 10, "m10", new SourceId("src"), T0);
        await _store.CommitAsync(new PipelineCommit(1, [], [], [
            Person("p1", "u1", "v1") with { Quarantine = At(10), MergeCount = 4, Links = [link] },
            Person("p2", "u2") with { Quarantine = At(20) },
            Person("p3", "u3") with { Quarantine = At(20) },
            Person("p4", "u4") with { Quarantine = At(30) },
            Person("p5", "u5"),
            Person("p6", "u6") with { WorkspaceId = new WorkspaceId("other"), Quarantine = At(40) },
        ]));

        var first = await _store.ListQuarantinedAsync(Workspace, null, 2);
        var second = await _store.ListQuarantinedAsync(Workspace, first.Next, 2);

        Assert.Equal(["p4", "p3"], first.Persons.Select(p => p.Graph.PersonId.Value));
        Assert.Equal(["p2", "p1"], second.Persons.Select(p => p.Graph.PersonId.Value));
        Assert.Null(second.Next);
        var p1 = second.Persons[1];
        Assert.Equal((At(10), 4), (p1.Quarantine, p1.MergeCount));
        Assert.Equal(["u1", "v1"], p1.Graph.Identifiers.Select(i => i.Identifier.Value));
        Assert.Equal(link, Assert.Single(p1.Graph.Links));
        Assert.Equal("u4", Assert.Single(first.Persons[0].Graph.Identifiers).Identifier.Value);
        Assert.Equal("p6", Assert.Single((await _store.ListQuarantinedAsync(new WorkspaceId("other"), null, 10)).Persons).Graph.PersonId.Value);
    }

    [Fact]
    public async Task OtherWorkspace_SeesNothing()
    {
        var other = new WorkspaceId("other");
        await _store.CommitAsync(new PipelineCommit(1, [], [Event(0, "p1", "m0")], [Person("p1", "u")]));

        Assert.Null(await _store.FindByIdentifierAsync(other, new Identifier(IdentifierTypes.UserId, "u")));
        Assert.Null(await _store.GetProfileAsync(other, new PersonId("p1")));
        Assert.Empty((await _store.GetTimelineAsync(other, new PersonId("p1"), null, 10)).Events);
        Assert.Empty((await _store.ListQuarantinedAsync(other, null, 10)).Persons);
        Assert.Equal(0, await _store.CountEventsAsync(other));
    }

    [Fact]
    public async Task Keys_AreFoundByHashOnlyAndSourcesListedPerWorkspace()
    {
        await _store.CreateWorkspaceAsync(Workspace, "Brand", T0);
        await _store.CreateWorkspaceAsync(new WorkspaceId("other"), "Other", T0);
        var source = await _store.CreateSourceAsync(Workspace, "tmall", SourceTrust.Trusted, SecretKeys.Hash("hxw_1"), T0);
        await _store.CreateSourceAsync(new WorkspaceId("other"), "jd", SourceTrust.Untrusted, SecretKeys.Hash("hxw_2"), T0);
        var key = await _store.CreateApiKeyAsync(Workspace, "admin", "admin", SecretKeys.Hash("hxk_1"), T0);

        Assert.Equal(source, await _store.FindSourceByWriteKeyHashAsync(SecretKeys.Hash("hxw_1")));
        Assert.Null(await _store.FindSourceByWriteKeyHashAsync("hxw_1"));
        Assert.Equal(key.Id, (await _store.FindApiKeyByHashAsync(SecretKeys.Hash("hxk_1")))!.Id);
        Assert.Equal(["tmall"], (await _store.ListSourcesAsync(Workspace)).Select(s => s.Name));
        Assert.Equal(SourceTrust.Untrusted, (await _store.FindSourceByWriteKeyHashAsync(SecretKeys.Hash("hxw_2")))!.Trust);
    }

    [Fact]
    public async Task InMemoryStore_SharesDataBetweenWriterAndReaders()
    {
        await using var memory = await DuckDbStore.OpenAsync(":memory:", TimeProvider.System);

        await memory.CommitAsync(new PipelineCommit(1, [], [Event(0, "p1", "m0")], [Person("p1", "u")]));

        Assert.Equal(1, await memory.CountEventsAsync(Workspace));
    }
}

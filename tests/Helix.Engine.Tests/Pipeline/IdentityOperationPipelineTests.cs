using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.EventLog;
using Helix.Testing;

namespace Helix.Engine.Tests.Pipeline;

/// <summary>Unmerge and merge operations through the real log and store: the store stays consistent, and a replay gives the same store.</summary>
public sealed class IdentityOperationPipelineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("helix-operations");
    private EventLog.EventLog _log = null!;
    private CollectWriter _writer = null!;

    public Task InitializeAsync()
    {
        _log = EventLog.EventLog.Open(new EventLogOptions(_directory.File("log")));
        _writer = new CollectWriter(_log);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _directory.Dispose();
    }

    private static IdentityOperation Operation(string id, IdentityOperationKind kind, PersonId? person, Identifier? from, Identifier? to = null, string? reverts = null) =>
        new(id, PipelineHarness.Workspace, kind, person, from, to, reverts, "key_test", "test", At);

    private static CollectedMessage Visit(Identifier device) => new()
    {
        WorkspaceId = PipelineHarness.Workspace, SourceId = new SourceId("web"), MessageId = $"visit-{device.Value}", Type = MessageType.Page,
        AnonymousId = device.Value, Timestamp = At, ReceivedAt = At,
    };

        /// <summary>The person holding the most anonymous ids: shared devices glued it together.</summary>
    private static PersonSnapshot Busiest(IEnumerable<PersonSnapshot> persons) =>
        persons.OrderByDescending(p => p.Identifiers.Count(i => i.Identifier.Type == IdentifierTypes.AnonymousId)).ThenBy(p => p.Id.Value).First();

    [Fact]
    public async Task DetachSeparateAndRevert_KeepTheStoreConsistent_AndReplayGivesTheSameStore()
    {
        var messages = PipelineHarness.Messages(1_500).ToList();
        await _writer.WriteAsync(messages[..600]);
        // Visitors seen on one device only, never logged in: merging them breaks no limit.
        List<Identifier> loners = [.. Enumerable.Range(1, 4).Select(i => new Identifier(IdentifierTypes.AnonymousId, $"visitor{i}"))];
        await _writer.WriteAsync([.. loners.Select(Visit)]);
        PersonSnapshot target;
        await using (var first = await PipelineHarness.RunAsync(_log, _directory, "first.duckdb", batchSize: 100))
        {
            target = Busiest((await first.LoadAsync(TimeSpan.FromDays(30))).Persons);
        }

        var devices = target.Identifiers.Where(i => i.Identifier.Type == IdentifierTypes.AnonymousId).Select(i => i.Identifier).ToList();
        Assert.True(devices.Count >= 3, $"the busiest person has {devices.Count} devices");
        await _writer.WriteAsync(Operation("detach-1", IdentityOperationKind.Detach, target.Id, devices[0]));
        await _writer.WriteAsync(Operation("merge-1", IdentityOperationKind.Merge, null, loners[0], loners[1]));
        await _writer.WriteAsync(Operation("merge-2", IdentityOperationKind.Merge, null, devices[1], loners[2]));
        await _writer.WriteAsync(messages[600..800]);
        await _writer.WriteAsync(Operation("rules-1", IdentityOperationKind.Rules, null, null) with
        {
            Rules = """{"types":[{"name":"anonymous_id","maxPerPerson":2,"window":"1d"}]}""",
        });
        await _writer.WriteAsync(messages[800..1_000]);
        await _writer.WriteAsync(Operation("separate-1", IdentityOperationKind.Separate, target.Id, devices[1], devices[2]));
        await _writer.WriteAsync(Operation("bogus", IdentityOperationKind.Separate, new PersonId("p_nobody"), devices[1], devices[2]));
        await _writer.WriteAsync(messages[1_000..]);
        await _writer.WriteAsync(Operation("revert-1", IdentityOperationKind.Revert, null, null, reverts: "detach-1"));
        await _writer.WriteAsync(Operation("revert-2", IdentityOperationKind.Revert, null, null, reverts: "merge-1"));
        await _writer.WriteAsync(Operation("merge-3", IdentityOperationKind.Merge, null, loners[3], loners[0]));

        await using var live = await PipelineHarness.RunThreeWaysAsync(_log, _directory, liveBatch: 9, restartBatch: 40, restartEvery: 2);

        var snapshot = await live.LoadAsync(TimeSpan.FromDays(30));
        var unique = messages.Select(m => m.MessageId).Distinct().Count() + loners.Count;
        Assert.Equal(unique, await live.CountEventsAsync(PipelineHarness.Workspace));
        Assert.Equal(unique, snapshot.Persons.Sum(p => p.EventCount));
        foreach (var person in snapshot.Persons)
        {
            var timeline = await live.GetTimelineAsync(PipelineHarness.Workspace, person.Id, null, 10_000);
            Assert.Equal(person.EventCount, timeline.Events.Count);
        }

        Assert.Equal(snapshot.Persons.Sum(p => p.Identifiers.Count), snapshot.Persons.SelectMany(p => p.Identifiers).Select(i => i.Identifier).Distinct().Count());
        var owner1 = snapshot.Persons.Single(p => p.Identifiers.Any(i => i.Identifier == devices[1]));
        Assert.DoesNotContain(owner1.Identifiers, i => i.Identifier == devices[2]);

        // merge-2 joined a loner to the target; the separate and the revert resolved the target again and kept it.
        Dictionary<Identifier, PersonId> owners = snapshot.Persons.SelectMany(p => p.Identifiers.Select(i => (i.Identifier, p.Id))).ToDictionary();
        PersonId OwnerOf(Identifier identifier) => owners[identifier];
        Assert.Equal(OwnerOf(devices[1]), OwnerOf(loners[2]));
        Assert.Equal(OwnerOf(loners[3]), OwnerOf(loners[0]));
        Assert.NotEqual(OwnerOf(loners[0]), OwnerOf(loners[1]));

        var journal = await live.ListOperationsAsync(PipelineHarness.Workspace, 20);
        Assert.Equal(
            ["merge-3", "revert-2", "revert-1", "bogus", "separate-1", "rules-1", "merge-2", "merge-1", "detach-1"],
            journal.Select(o => o.Operation.OperationId));
        Assert.Equal("revert-2", journal.Single(o => o.Operation.OperationId == "merge-1").RevertedBy);
        Assert.Equal(2, journal.Single(o => o.Operation.OperationId == "merge-2").Before.Count);
        Assert.Equal("rules-1", (await live.CurrentRulesAsync(PipelineHarness.Workspace))!.Operation.OperationId);
        Assert.Equal("revert-1", journal.Single(o => o.Operation.OperationId == "detach-1").RevertedBy);
        Assert.Contains("No person", journal.Single(o => o.Operation.OperationId == "bogus").Rejection, StringComparison.Ordinal);
        var detach = journal.Single(o => o.Operation.OperationId == "detach-1");
        Assert.Equal(target.Id, Assert.Single(detach.Before).Id);
        Assert.True(detach.After.Count >= 2, $"the detach left {detach.After.Count} persons");
        Assert.Equal(detach.Before[0].EventCount, detach.After.Sum(p => p.EventCount));
    }
}

using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.EventLog;
using Helix.Storage.DuckDb;
using Helix.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Helix.Engine.Tests.Pipeline;

/// <summary>The pipeline on the real log and the real store: replay equals live, restarts repeat nothing.</summary>
public sealed class EventPipelineTests : IAsyncLifetime
{
    private static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("helix-pipeline");
    private EventLog.EventLog _log = null!;

    public async Task InitializeAsync()
    {
        _log = EventLog.EventLog.Open(new EventLogOptions(_directory.File("log")));
        var writer = new CollectWriter(_log);
        foreach (var chunk in Messages().Chunk(37))
        {
            await writer.WriteAsync(chunk);
        }
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Anonymous browsing, logins that merge persons, shared devices, resent duplicates and traits.</summary>
    private static IEnumerable<CollectedMessage> Messages()
    {
        var random = new Random(11);
        for (var i = 0; i < 1_000; i++)
        {
            var user = random.Next(60);
            var device = random.Next(90);
            var type = random.Next(4) switch { 0 => MessageType.Identify, 1 => MessageType.Page, _ => MessageType.Track };
            yield return new CollectedMessage
            {
                WorkspaceId = Workspace,
                SourceId = new SourceId("web"),
                MessageId = random.Next(10) == 0 ? $"m{Math.Max(0, i - 3)}" : $"m{i}",
                Type = type,
                UserId = type == MessageType.Page && random.Next(2) == 0 ? null : $"u{user}",
                AnonymousId = $"d{device}",
                Event = type == MessageType.Track ? "Product Viewed" : null,
                Timestamp = T0.AddMinutes(random.Next(10_000)),
                ReceivedAt = T0.AddSeconds(i),
                Traits = type == MessageType.Identify ? JsonElement.Parse($$"""{"score":{{random.Next(100)}}}""") : null,
            };
        }
    }

    private async Task<DuckDbStore> RunAsync(string name, int batchSize, int restartEvery = int.MaxValue)
    {
        var store = await DuckDbStore.OpenAsync(_directory.File(name), TimeProvider.System);
        var options = new PipelineOptions { BatchSize = batchSize };
        var pipeline = new EventPipeline(_log, store, options, NullLogger<EventPipeline>.Instance);
        await pipeline.LoadAsync(CancellationToken.None);
        var batches = 0;
        while (await pipeline.ProcessNextBatchAsync(CancellationToken.None) > 0)
        {
            if (++batches % restartEvery == 0)
            {
                // A restart: a new pipeline resumes from what the store committed.
                pipeline = new EventPipeline(_log, store, options, NullLogger<EventPipeline>.Instance);
                await pipeline.LoadAsync(CancellationToken.None);
            }
        }

        return store;
    }

    private static async Task<string> DescribeAsync(DuckDbStore store)
    {
        var snapshot = await store.LoadAsync(TimeSpan.FromDays(30));
        var lines = new List<string> { $"checkpoint {snapshot.Checkpoint} events {await store.CountEventsAsync(Workspace)}" };
        foreach (var person in snapshot.Persons.OrderBy(p => p.Id.Value))
        {
            var timeline = await store.GetTimelineAsync(Workspace, person.Id, null, 1000);
            lines.Add($"{person.Id} n={person.EventCount} rows={timeline.Events.Count} {person.FirstSeen:O} {person.LastSeen:O} " +
                string.Join(",", person.Identifiers.Select(l => l.Identifier.ToString()).Order()) + " " +
                string.Join(",", person.Traits.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value.Value.GetRawText()}")) + " " +
                string.Join(",", person.Links.Select(l => $"{l.From}>{l.To}:{l.Kind}@{l.Position}").Order()) + " " +
                string.Join(",", person.Identifiers.Select(l => $"{l.Identifier}@{l.Position}/{l.SourceId}").Order()));
        }

        return string.Join("\n", lines);
    }

    [Fact]
    public async Task ReplayWithOtherBatchSizesAndRestarts_GivesTheSameStore()
    {
        await using var live = await RunAsync("live.duckdb", batchSize: 7);
        await using var replay = await RunAsync("replay.duckdb", batchSize: 5_000);
        await using var restarted = await RunAsync("restarted.duckdb", batchSize: 50, restartEvery: 3);

        var expected = await DescribeAsync(live);

        Assert.Equal(expected, await DescribeAsync(replay));
        Assert.Equal(expected, await DescribeAsync(restarted));
    }

    [Fact]
    public async Task Duplicates_AreStoredOnceAndEveryEventHasItsPersonsRow()
    {
        await using var store = await RunAsync("dedupe.duckdb", batchSize: 100);

        var snapshot = await store.LoadAsync(TimeSpan.FromDays(30));
        var unique = Messages().Select(m => m.MessageId).Distinct().Count();
        Assert.Equal(unique, await store.CountEventsAsync(Workspace));
        Assert.Equal(unique, snapshot.Persons.Sum(p => p.EventCount));
        Assert.Equal(1_000, snapshot.Checkpoint);
    }

    [Fact]
    public async Task SharedDevices_NeverGiveOnePersonTwoUserIds()
    {
        await using var store = await RunAsync("users.duckdb", batchSize: 64);

        var snapshot = await store.LoadAsync(TimeSpan.FromDays(30));
        Assert.All(snapshot.Persons, p => Assert.True(p.Identifiers.Count(l => l.Identifier.Type == IdentifierTypes.UserId) <= 1));
        Assert.Equal(60, snapshot.Persons.SelectMany(p => p.Identifiers).Count(l => l.Identifier.Type == IdentifierTypes.UserId));
    }

    [Fact]
    public async Task WaitForCheckpoint_CompletesOnceTheBatchIsCommitted()
    {
        await using var store = await DuckDbStore.OpenAsync(_directory.File("wait.duckdb"), TimeProvider.System);
        var pipeline = new EventPipeline(_log, store, new PipelineOptions { BatchSize = 400 }, NullLogger<EventPipeline>.Instance);
        await pipeline.LoadAsync(CancellationToken.None);
        var waiting = pipeline.WaitForCheckpointAsync(500, CancellationToken.None);

        await pipeline.ProcessNextBatchAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await pipeline.ProcessNextBatchAsync(CancellationToken.None);

        await waiting;
        Assert.Equal(800, await store.GetCheckpointAsync());
    }

    [Fact]
    public async Task StoreAheadOfTheLog_RefusesToLoadWithAClearError()
    {
        await using var store = await DuckDbStore.OpenAsync(_directory.File("ahead.duckdb"), TimeProvider.System);
        await store.CommitAsync(new Core.Pipeline.PipelineCommit(5_000, [], [], []));
        var pipeline = new EventPipeline(_log, store, new PipelineOptions(), NullLogger<EventPipeline>.Instance);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => pipeline.LoadAsync(CancellationToken.None));

        Assert.Contains("replaced or truncated", error.Message, StringComparison.Ordinal);
    }
}

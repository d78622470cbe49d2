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
    private static readonly WorkspaceId Workspace = PipelineHarness.Workspace;
    private readonly TempDirectory _directory = new("helix-pipeline");
    private EventLog.EventLog _log = null!;

    public async Task InitializeAsync()
    {
        _log = EventLog.EventLog.Open(new EventLogOptions(_directory.File("log")));
        var writer = new CollectWriter(_log);
        foreach (var chunk in PipelineHarness.Messages().Chunk(37))
        {
            await writer.WriteAsync(chunk);
        }
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task ReplayWithOtherBatchSizesAndRestarts_GivesTheSameStore()
    {
        await using var live = await PipelineHarness.RunThreeWaysAsync(_log, _directory, liveBatch: 7, restartBatch: 50, restartEvery: 3);
    }

    [Fact]
    public async Task Duplicates_AreStoredOnceAndEveryEventHasItsPersonsRow()
    {
        await using var store = await PipelineHarness.RunAsync(_log, _directory, "dedupe.duckdb", batchSize: 100);

        var snapshot = await store.LoadAsync(TimeSpan.FromDays(30));
        var unique = PipelineHarness.Messages().Select(m => m.MessageId).Distinct().Count();
        Assert.Equal(unique, await store.CountEventsAsync(Workspace));
        Assert.Equal(unique, snapshot.Persons.Sum(p => p.EventCount));
        Assert.Equal(1_000, snapshot.Checkpoint);
    }

    [Fact]
    public async Task SharedDevices_NeverGiveOnePersonTwoUserIds()
    {
        await using var store = await PipelineHarness.RunAsync(_log, _directory, "users.duckdb", batchSize: 64);

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

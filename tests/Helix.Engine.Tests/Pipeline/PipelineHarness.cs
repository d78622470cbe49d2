using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;
using Helix.Engine.Pipeline;
using Helix.Storage.DuckDb;
using Helix.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Helix.Engine.Tests.Pipeline;

/// <summary>A seeded stream of messages, a pipeline run over a log, and a text description of a store to compare runs by.</summary>
internal static class PipelineHarness
{
    public static readonly WorkspaceId Workspace = new("ws");
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Anonymous browsing, logins that merge persons, shared devices, resent duplicates and traits.</summary>
    public static IEnumerable<CollectedMessage> Messages(int count = 1_000)
    {
        var random = new Random(11);
        for (var i = 0; i < count; i++)
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

    /// <summary>Runs a pipeline over the whole log into a new store; <paramref name="restartEvery"/> batches, it is replaced by a fresh one.</summary>
    public static async Task<DuckDbStore> RunAsync(
        EventLog.EventLog log, TempDirectory directory, string name, int batchSize, int restartEvery = int.MaxValue, PipelineOptions? options = null)
    {
        var store = await DuckDbStore.OpenAsync(directory.File(name), TimeProvider.System);
        options = (options ?? new PipelineOptions()) with { BatchSize = batchSize };
        var pipeline = new EventPipeline(log, store, options, NullLogger<EventPipeline>.Instance);
        await pipeline.LoadAsync(CancellationToken.None);
        var batches = 0;
        while (await pipeline.ProcessNextBatchAsync(CancellationToken.None) > 0)
        {
            if (++batches % restartEvery == 0)
            {
                // A restart: a new pipeline resumes from what the store committed.
                pipeline = new EventPipeline(log, store, options, NullLogger<EventPipeline>.Instance);
                await pipeline.LoadAsync(CancellationToken.None);
            }
        }

        return store;
    }

    /// <summary>
    /// Runs the whole log three ways — live in <paramref name="liveBatch"/>-message batches, as one replay, and in
    /// <paramref name="restartBatch"/>-message batches with a restart every <paramref name="restartEvery"/> — and asserts
    /// the three stores describe the same; returns the live one.
    /// </summary>
    public static async Task<DuckDbStore> RunThreeWaysAsync(EventLog.EventLog log, TempDirectory directory, int liveBatch, int restartBatch, int restartEvery)
    {
        var live = await RunAsync(log, directory, "live.duckdb", liveBatch);
        await using var replay = await RunAsync(log, directory, "replay.duckdb", batchSize: 5_000);
        await using var restarted = await RunAsync(log, directory, "restarted.duckdb", restartBatch, restartEvery);

        var expected = await DescribeAsync(live);
        Assert.Equal(expected, await DescribeAsync(replay));
        Assert.Equal(expected, await DescribeAsync(restarted));
        return live;
    }

    /// <summary>Everything the store derived, as text: two stores with the same text hold the same persons, events and journal.</summary>
    public static async Task<string> DescribeAsync(DuckDbStore store)
    {
        var snapshot = await store.LoadAsync(TimeSpan.FromDays(30));
        var lines = new List<string> { $"checkpoint {snapshot.Checkpoint} events {await store.CountEventsAsync(Workspace)}" };
        foreach (var person in snapshot.Persons.OrderBy(p => p.Id.Value))
        {
            var timeline = await store.GetTimelineAsync(Workspace, person.Id, null, 1000);
            lines.Add($"{person.Id} n={person.EventCount} rows={timeline.Events.Count} {person.FirstSeen:O} {person.LastSeen:O} merges={person.MergeCount} {person.Quarantine} " +
                string.Join(",", person.Identifiers.Select(l => l.Identifier.ToString()).Order()) + " " +
                string.Join(",", person.Traits.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value.Value.GetRawText()}@{t.Value.Position}/{t.Value.MessageId}/{t.Value.UpdatedAt:O}")) + " " +
                string.Join(",", person.TraitCounts.OrderBy(t => t.Key).Select(t => $"{t.Key}=[{string.Join(";", t.Value.Select(c => $"{c.Latest.Value.GetRawText()}x{c.Count}@{c.Latest.Position}"))}]")) + " " +
                string.Join(",", person.Links.Select(l => $"{l.From}>{l.To}:{l.Kind}@{l.Position}").Order()) + " " +
                string.Join(",", person.Identifiers.Select(l => $"{l.Identifier}@{l.Position}/{l.SourceId}").Order()));
        }

        foreach (var operation in (await store.ListOperationsAsync(Workspace, 1000)).OrderBy(o => o.Position))
        {
            lines.Add($"{operation.Operation.OperationId} {operation.Position} {operation.Rejection} {operation.RevertedBy} " +
                string.Join(";", operation.Before.Select(p => $"{p.Id}:{p.EventCount}")) + " > " + string.Join(";", operation.After.Select(p => $"{p.Id}:{p.EventCount}")));
        }

        return string.Join("\n", lines);
    }
}

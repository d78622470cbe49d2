using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Identity.Operations;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.EventLog;
using Helix.Storage.DuckDb;
using Helix.Testing;
using Microsoft.Extensions.Logging;

namespace Helix.Engine.Tests.Pipeline;

/// <summary>The quarantine alert: the pipeline logs a warning once for each person it quarantines.</summary>
public sealed class QuarantineAlertTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("helix-quarantine");
    private EventLog.EventLog _log = null!;

    public async Task InitializeAsync()
    {
        _log = EventLog.EventLog.Open(new EventLogOptions(_directory.File("log")));
        var writer = new CollectWriter(_log);
        await writer.WriteAsync(new IdentityOperation("rules-1", PipelineHarness.Workspace, IdentityOperationKind.Rules, null, null, null, null, "key_test", null, T0)
        {
            Rules = """{"quarantine":{"maxMerges":2,"window":"1d"}}""",
        });
        // Each customer browses, then pays at the same till, which sends its own id: every payment glues the customer to the first one.
        await writer.WriteAsync([.. Enumerable.Range(1, 6).SelectMany(n => new[] { Message(n, "Product Viewed", null), Message(n, "Order Completed", "till-7") })]);
    }

    private static CollectedMessage Message(int customer, string name, string? till) => new()
    {
        WorkspaceId = PipelineHarness.Workspace,
        SourceId = new SourceId("pos"),
        MessageId = $"{name}-{customer}",
        Type = MessageType.Track,
        Event = name,
        AnonymousId = $"a{customer}",
        Timestamp = T0.AddHours(customer),
        ReceivedAt = T0.AddHours(customer),
        Context = till is null ? null : JsonElement.Parse($$"""{"externalIds":[{"id":"{{till}}","type":"till_id"}]}"""),
    };

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Quarantine_IsLoggedAsAWarningOnce()
    {
        var logger = new ListLogger<EventPipeline>();
        await using var store = await DuckDbStore.OpenAsync(_directory.File("alert.duckdb"), TimeProvider.System);
        var pipeline = new EventPipeline(_log, store, new PipelineOptions { BatchSize = 2 }, logger);
        await pipeline.LoadAsync(CancellationToken.None);

        while (await pipeline.ProcessNextBatchAsync(CancellationToken.None) > 0)
        {
        }

        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        var quarantined = Assert.Single((await store.ListQuarantinedAsync(PipelineHarness.Workspace, null, 10)).Persons);
        Assert.Contains($"Person {quarantined.Graph.PersonId} of workspace ws quarantined by the message at log position 8: 3 merges within 1d", warning.Message, StringComparison.Ordinal);
    }
}

using Helix.Core.Collect;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.EventLog;
using Helix.Testing;

namespace Helix.Engine.Tests.Pipeline;

/// <summary>A rebuild under today's rules gives exactly the persons the what-if simulation predicted.</summary>
public sealed class RulesFromStartTests : IAsyncLifetime
{
    private const string Strict = """{"types":[{"name":"anonymous_id","maxPerPerson":1}]}""";
    private const string Today = """{"types":[{"name":"anonymous_id","maxPerPerson":2}]}""";
    private static readonly Identifier Visitor1 = new(IdentifierTypes.AnonymousId, "visitor1");
    private static readonly Identifier Visitor2 = new(IdentifierTypes.AnonymousId, "visitor2");
    private readonly TempDirectory _directory = new("helix-rules-from-start");
    private EventLog.EventLog _log = null!;

    public Task InitializeAsync()
    {
        _log = EventLog.EventLog.Open(new EventLogOptions(_directory.File("log")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _directory.Dispose();
    }

    private static IdentityOperation Operation(string id, IdentityOperationKind kind, Identifier? from = null, Identifier? to = null) =>
        new(id, PipelineHarness.Workspace, kind, null, from, to, null, "key_test", null, DateTimeOffset.UnixEpoch);

    private static CollectedMessage Visit(Identifier device) => new()
    {
        WorkspaceId = PipelineHarness.Workspace, SourceId = new SourceId("web"), MessageId = $"visit-{device.Value}", Type = MessageType.Page,
        AnonymousId = device.Value, Timestamp = DateTimeOffset.UnixEpoch, ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task RebuildWithRulesFromStart_MatchesTheSimulation_WhileAPlainReplayAppliesEachVersionFromItsPlace()
    {
        // Strict rules first, under which a merge of two visitors is refused; today's rules would allow it.
        var writer = new CollectWriter(_log);
        var messages = PipelineHarness.Messages(1_200).ToList();
        await writer.WriteAsync(Operation("rules-1", IdentityOperationKind.Rules) with { Rules = Strict });
        await writer.WriteAsync(messages[..600]);
        await writer.WriteAsync([Visit(Visitor1), Visit(Visitor2)]);
        await writer.WriteAsync(Operation("merge-1", IdentityOperationKind.Merge, Visitor1, Visitor2));
        await writer.WriteAsync(Operation("rules-2", IdentityOperationKind.Rules) with { Rules = Today });
        await writer.WriteAsync(messages[600..]);
        var today = IdentityRulesSpec.FromStored(Today);

        await using var timeline = await PipelineHarness.RunAsync(_log, _directory, "timeline.duckdb", batchSize: 100);
        var journal = await timeline.ListOperationsAsync(PipelineHarness.Workspace, 100);
        var (checkpoint, owners) = await timeline.GetEventOwnersAsync(PipelineHarness.Workspace);
        var simulation = new IdentitySimulator(_log, new PipelineOptions()).Run(PipelineHarness.Workspace, today, journal, owners, checkpoint);
        await using var rebuilt = await PipelineHarness.RunAsync(_log, _directory, "rebuilt.duckdb", batchSize: 100,
            options: new PipelineOptions { RulesFromStart = new Dictionary<WorkspaceId, IdentityRules> { [PipelineHarness.Workspace] = today } });

        Assert.True(simulation.PersonsThatWouldMerge > 0, "today's rules change the first 600 messages");
        Assert.Contains("limit is 1", journal.Single(o => o.Operation.OperationId == "merge-1").Rejection, StringComparison.Ordinal);
        var (_, rebuiltOwners) = await rebuilt.GetEventOwnersAsync(PipelineHarness.Workspace);
        var check = new IdentitySimulator(_log, new PipelineOptions()).Run(PipelineHarness.Workspace, today, journal, rebuiltOwners, checkpoint);
        Assert.Equal((0, 0), (check.PersonsThatWouldSplit, check.PersonsThatWouldMerge));
        Assert.Equal(simulation.PersonsProposed, check.PersonsNow);
        Assert.Equal(await rebuilt.FindByIdentifierAsync(PipelineHarness.Workspace, Visitor1), await rebuilt.FindByIdentifierAsync(PipelineHarness.Workspace, Visitor2));
        Assert.Equal("rules-2", (await rebuilt.CurrentRulesAsync(PipelineHarness.Workspace))!.Operation.OperationId);
    }
}

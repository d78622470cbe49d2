using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Engine.Ingestion;
using Helix.Engine.Pipeline;
using Helix.EventLog;
using Helix.Testing;

namespace Helix.Engine.Tests.Pipeline;

/// <summary>A rebuild under today's rules gives exactly the persons the what-if simulation predicted.</summary>
public sealed class RulesFromStartTests : IAsyncLifetime
{
    private const string Rules = """{"types":[{"name":"anonymous_id","maxPerPerson":1}]}""";
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

    [Fact]
    public async Task RebuildWithRulesFromStart_MatchesTheSimulation_WhileAPlainReplayAppliesTheRulesFromTheirPlace()
    {
        var writer = new CollectWriter(_log);
        var messages = PipelineHarness.Messages(1_200).ToList();
        await writer.WriteAsync(messages[..600]);
        await writer.WriteAsync(new IdentityOperation(
            "rules-1", PipelineHarness.Workspace, IdentityOperationKind.Rules, null, null, null, null, "key_test", "one device per person", DateTimeOffset.UnixEpoch)
        {
            Rules = Rules,
        });
        await writer.WriteAsync(messages[600..]);
        var rules = IdentityRulesSpec.FromStored(Rules);

        await using var timeline = await PipelineHarness.RunAsync(_log, _directory, "timeline.duckdb", batchSize: 100);
        var (checkpoint, owners) = await timeline.GetEventOwnersAsync(PipelineHarness.Workspace);
        var simulation = new IdentitySimulator(_log, new PipelineOptions()).Run(PipelineHarness.Workspace, rules, [], owners, checkpoint);
        await using var rebuilt = await PipelineHarness.RunAsync(_log, _directory, "rebuilt.duckdb", batchSize: 100,
            options: new PipelineOptions { RulesFromStart = new Dictionary<Core.Workspaces.WorkspaceId, IdentityRules> { [PipelineHarness.Workspace] = rules } });

        Assert.True(simulation.PersonsThatWouldSplit > 0, "the rules change something in the first 600 messages");
        var (_, rebuiltOwners) = await rebuilt.GetEventOwnersAsync(PipelineHarness.Workspace);
        var check = new IdentitySimulator(_log, new PipelineOptions()).Run(PipelineHarness.Workspace, rules, [], rebuiltOwners, checkpoint);
        Assert.Equal((0, 0), (check.PersonsThatWouldSplit, check.PersonsThatWouldMerge));
        Assert.Equal(simulation.PersonsProposed, check.PersonsNow);
        Assert.Equal("rules-1", (await rebuilt.CurrentRulesAsync(PipelineHarness.Workspace))!.Operation.OperationId);
    }
}

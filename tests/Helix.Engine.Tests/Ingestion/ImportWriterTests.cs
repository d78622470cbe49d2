using Helix.Core.Collect;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;

namespace Helix.Engine.Tests.Ingestion;

public sealed class ImportWriterTests : IAsyncDisposable
{
    private static readonly CollectEnvelope Envelope = new(new WorkspaceId("ws"), new SourceId("crm"), DateTimeOffset.UnixEpoch);
    private readonly TempEventLog _temp = new();

    private EventLog.EventLog Log => _temp.Log;

    public ValueTask DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task MessageOverTheLimit_IsRefused_AndARaisedLimitTakesIt()
    {
        var big = $$$"""{"type":"track","userId":"u","event":"Order Completed","messageId":"m1","properties":{"note":"{{{new string('x', 40_000)}}}"}}""";
        using var segmentLimit = new ImportWriter(new CollectWriter(Log), Envelope, TimeProvider.System);
        using var raised = new ImportWriter(new CollectWriter(Log), Envelope, TimeProvider.System) { MaxMessageBytes = 256 * 1024 };

        var refused = await segmentLimit.AddAsync(big);
        var accepted = await raised.AddAsync(big);
        await raised.FlushAsync();

        Assert.Equal("exceeds the 32 KB limit for one message", Assert.Single(refused).Reason);
        Assert.Empty(accepted);
        Assert.Equal((1L, 1L), (raised.Accepted, raised.LastPosition));
    }

    [Fact]
    public async Task Messages_AreAppendedOnlyWhenABatchFillsOrOnFlush()
    {
        using var import = new ImportWriter(new CollectWriter(Log), Envelope, TimeProvider.System) { BatchSize = 2 };

        await import.AddAsync("""{"type":"track","userId":"u","event":"A"}""");
        var afterOne = Log.End.Value;
        await import.AddAsync("""{"type":"track","userId":"u","event":"B"}""");
        var afterTwo = Log.End.Value;
        await import.AddAsync("""{"type":"track","userId":"u","event":"C"}""");
        await import.FlushAsync();

        Assert.Equal((0L, 2L, 3L), (afterOne, afterTwo, Log.End.Value));
        Assert.Equal(0, import.Pending);
    }
}

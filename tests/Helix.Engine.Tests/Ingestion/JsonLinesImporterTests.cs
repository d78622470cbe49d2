using System.Text;
using Helix.Core.Collect;
using Helix.Core.Workspaces;
using Helix.Engine.Ingestion;
using Helix.EventLog;
using Helix.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Engine.Tests.Ingestion;

public sealed class JsonLinesImporterTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("helix-importer");
    private EventLog.EventLog _log = null!;

    public Task InitializeAsync()
    {
        _log = EventLog.EventLog.Open(new EventLogOptions(_directory.Path));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _directory.Dispose();
    }

    private static readonly CollectEnvelope Envelope = new(new WorkspaceId("ws"), new SourceId("crm"), DateTimeOffset.UnixEpoch);

    private async Task<(ImportSummary Summary, List<ImportRejection> Rejected)> ImportAsync(string text, int batchSize = 2)
    {
        var rejected = new List<ImportRejection>();
        var importer = new JsonLinesImporter(new CollectWriter(_log), new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero))) { BatchSize = batchSize };
        var summary = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), Envelope, rejected.Add);
        return (summary, rejected);
    }

    private List<CollectedMessage> LoggedMessages() =>
        _log.Read(LogPosition.Start, 1000).Select(r => CollectedMessageCodec.Decode(r.Payload.Span)).ToList();

    [Fact]
    public async Task ValidLines_AreAppendedInOrderWithTheSource()
    {
        var (summary, rejected) = await ImportAsync("""
            {"type":"identify","userId":"u1","traits":{"name":"周杰"}}
            {"type":"track","userId":"u1","event":"A"}
            {"type":"track","userId":"u1","event":"B"}
            """);

        Assert.Empty(rejected);
        Assert.Equal((3L, 3L, 0L, 3L), (summary.Lines, summary.Imported, summary.Rejected, summary.LastPosition));
        var messages = LoggedMessages();
        Assert.Equal([null, "A", "B"], messages.Select(m => m.Event));
        Assert.All(messages, m => Assert.Equal(new SourceId("crm"), m.SourceId));
        Assert.All(messages, m => Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), m.ReceivedAt));
    }

    [Fact]
    public async Task BadLines_AreReportedWithLineNumbersAndTheRestImported()
    {
        var (summary, rejected) = await ImportAsync("""
            {"type":"track","userId":"u1","event":"A"}
            {"type":"track","userId":"u1"}
            {broken
            
            {"type":"page","anonymousId":"a"}
            """);

        Assert.Equal((5L, 2L, 2L), (summary.Lines, summary.Imported, summary.Rejected));
        Assert.Equal([2L, 3L], rejected.Select(r => r.Line));
        Assert.Equal("event", rejected[0].Errors[0].Field);
        Assert.Equal("{broken", rejected[1].Text);
        Assert.Equal(2, LoggedMessages().Count);
    }

    [Fact]
    public async Task LinesWithoutMessageId_GetTheSameIdOnReimport()
    {
        const string text = """{"type":"track","userId":"u1","event":"A","timestamp":"2025-01-01T00:00:00Z"}""";

        await ImportAsync(text);
        await ImportAsync(text);

        var ids = LoggedMessages().Select(m => m.MessageId).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.Equal(ids[0], ids[1]);
        Assert.StartsWith("import-", ids[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8Line_IsRejectedAndTheRestImported()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFF{\"type\":\"track\",\"userId\":\"u\",\"event\":\"A\"}\r\n{\"type\":\"track\",\"userId\":\"\u00e9\",\"event\":\"B\"}\n{\"type\":\"track\",\"userId\":\"u\",\"event\":\"C\"}");
        bytes[Array.IndexOf(bytes, (byte)0xC3)] = 0xFF;
        var rejected = new List<ImportRejection>();
        var importer = new JsonLinesImporter(new CollectWriter(_log), TimeProvider.System);

        var summary = await importer.ImportAsync(new MemoryStream(bytes), Envelope, rejected.Add);

        Assert.Equal((3L, 2L, 1L), (summary.Lines, summary.Imported, summary.Rejected));
        Assert.Equal(2, Assert.Single(rejected).Line);
        Assert.Equal("is not valid UTF-8", rejected[0].Errors[0].Reason);
        Assert.Equal(["A", "C"], LoggedMessages().Select(m => m.Event));
    }
}

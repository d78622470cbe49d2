using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Collect;

public sealed class BatchParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly CollectEnvelope Envelope = new(new WorkspaceId("ws"), new SourceId("src"), ReceivedAt);

    private static BatchParseResult Parse(string json) => BatchParser.Parse(JsonElement.Parse(json), Envelope, () => "g");

    [Fact]
    public void ValidBatch_ParsesEveryMessage()
    {
        var result = Parse("""
            {"batch":[{"type":"identify","userId":"u1"},{"type":"track","userId":"u1","event":"E"},{"type":"page","anonymousId":"a"}]}
            """);

        Assert.True(result.IsValid);
        Assert.Equal([MessageType.Identify, MessageType.Track, MessageType.Page], result.Messages.Select(m => m.Type));
    }

    [Fact]
    public void OneBadItem_RejectsTheBatchAndNamesTheItem()
    {
        var result = Parse("""
            {"batch":[{"type":"track","userId":"u1","event":"E"},{"type":"track","messageId":"bad","userId":"u1"}]}
            """);

        Assert.False(result.IsValid);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(1, rejected.Index);
        Assert.Equal("bad", rejected.MessageId);
        Assert.Equal("batch[1].event", Assert.Single(rejected.Errors).Field);
    }

    [Fact]
    public void ItemOver32KB_IsMarkedTooLarge()
    {
        var big = new string('x', CollectLimits.MaxMessageBytes);

        var result = Parse($$$"""{"batch":[{"type":"track","userId":"u","event":"E","properties":{"blob":"{{{big}}}"}}]}""");

        Assert.True(result.HasOversizedItem);
    }

    [Theory]
    [InlineData("""{"nobatch":[]}""", "batch")]
    [InlineData("""{"batch":{}}""", "batch")]
    [InlineData("""{"batch":[]}""", "batch")]
    [InlineData("""[1]""", "$")]
    [InlineData("""{"batch":[{"type":"track","userId":"u","event":"E"}],"sentAt":"soon"}""", "sentAt")]
    public void MalformedEnvelope_NamesTheField(string json, string field)
    {
        var result = Parse(json);

        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void BatchSentAt_CorrectsEveryMessage()
    {
        var result = Parse("""
            {"sentAt":"2026-11-23T08:10:00Z","batch":[{"type":"track","userId":"u","event":"E","timestamp":"2026-11-23T08:09:00Z"}]}
            """);

        Assert.Equal(ReceivedAt.AddMinutes(-1), Assert.Single(result.Messages).Timestamp);
    }
}

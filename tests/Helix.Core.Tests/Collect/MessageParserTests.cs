using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Collect;

public sealed class MessageParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly CollectEnvelope Envelope = new(new WorkspaceId("ws"), new SourceId("src"), ReceivedAt);

    private static MessageParseResult Parse(string json, MessageType? implied = null) =>
        MessageParser.Parse(JsonElement.Parse(json), "", implied, Envelope, () => "generated");

    [Fact]
    public void ValidTrack_KeepsEveryField()
    {
        var result = Parse("""
            {"type":"track","messageId":"m1","userId":"u1","anonymousId":"a1","event":"Order Completed",
             "properties":{"total":99.5},"context":{"ip":"1.2.3.4"},"timestamp":"2026-11-20T10:00:00+08:00"}
            """);

        var message = Assert.IsType<CollectedMessage>(result.Message);
        Assert.Equal("m1", message.MessageId);
        Assert.Equal(MessageType.Track, message.Type);
        Assert.Equal("u1", message.UserId);
        Assert.Equal("a1", message.AnonymousId);
        Assert.Equal("Order Completed", message.Event);
        Assert.Equal(99.5, message.Properties!.Value.GetProperty("total").GetDouble());
        Assert.Equal("1.2.3.4", message.Context!.Value.GetProperty("ip").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), message.Timestamp);
        Assert.Equal(ReceivedAt, message.ReceivedAt);
    }

    [Fact]
    public void TrackWithoutEvent_NamesTheEventField()
    {
        var result = Parse("""{"type":"track","userId":"u1"}""");

        var error = Assert.Single(result.Errors);
        Assert.Equal("event", error.Field);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void NeitherUserIdNorAnonymousId_IsRejected()
    {
        var result = Parse("""{"type":"identify","traits":{"name":"张三"}}""");

        Assert.Contains(result.Errors, e => e.Field == "userId" && e.Reason.Contains("anonymousId", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":"track","userId":"u","event":"E","timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"type":"track","userId":"u","event":"E","timestamp":12345}""", "timestamp")]
    [InlineData("""{"type":"track","userId":"u","event":"E","properties":"cheap"}""", "properties")]
    [InlineData("""{"type":"track","userId":"u","event":42}""", "event")]
    [InlineData("""{"type":"track","userId":{"id":1},"event":"E"}""", "userId")]
    [InlineData("""{"type":"identify","userId":"u","traits":[1,2]}""", "traits")]
    [InlineData("""{"type":"track","userId":"u","event":"E","context":{"traits":"x"}}""", "context.traits")]
    [InlineData("""{"type":"group","userId":"u"}""", "groupId")]
    [InlineData("""{"type":"alias","userId":"u"}""", "previousId")]
    [InlineData("""{"type":"shout","userId":"u"}""", "type")]
    public void WrongType_NamesTheField(string json, string field)
    {
        var result = Parse(json);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public void SeveralProblems_AreReportedTogether()
    {
        var result = Parse("""{"type":"track","userId":"u","timestamp":"nope","properties":1}""");

        Assert.Equal(["event", "properties", "timestamp"], result.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void NumericUserId_IsKeptAsText()
    {
        var result = Parse("""{"type":"identify","userId":12345}""");

        Assert.Equal("12345", result.Message!.UserId);
    }

    [Fact]
    public void MissingMessageId_IsGenerated()
    {
        var result = Parse("""{"type":"page","anonymousId":"a","name":"Home"}""");

        Assert.Equal("generated", result.Message!.MessageId);
        Assert.Equal("Home", result.Message.Event);
    }

    [Fact]
    public void EndpointType_MustMatchBodyType()
    {
        var result = Parse("""{"type":"identify","userId":"u"}""", MessageType.Track);

        Assert.Contains(result.Errors, e => e.Field == "type");
    }

    [Fact]
    public void EndpointType_IsImpliedWhenBodyHasNone()
    {
        var result = Parse("""{"userId":"u","traits":{"tier":"gold"}}""", MessageType.Identify);

        Assert.Equal(MessageType.Identify, result.Message!.Type);
    }

    [Fact]
    public void BatchPath_PrefixesFieldNames()
    {
        var result = MessageParser.Parse(JsonElement.Parse("""{"type":"track","userId":"u"}"""), "batch[7]", null, Envelope, () => "g");

        Assert.Equal("batch[7].event", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void NotAnObject_IsRejected()
    {
        var result = Parse("[1,2,3]");

        Assert.Equal("$", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void OverlongId_IsRejected()
    {
        var id = new string('x', CollectLimits.MaxIdLength + 1);

        var result = Parse($$"""{"type":"identify","userId":"{{id}}"}""");

        Assert.Contains(result.Errors, e => e.Field == "userId");
    }
}

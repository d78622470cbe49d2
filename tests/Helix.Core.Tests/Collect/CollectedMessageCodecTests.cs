using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Core.Tests.Collect;

public sealed class CollectedMessageCodecTests
{
    [Fact]
    public void EncodeDecode_RoundTripsEveryField()
    {
        var message = new CollectedMessage
        {
            WorkspaceId = new WorkspaceId("ws"),
            SourceId = new SourceId("src"),
            SourceTrust = SourceTrust.Untrusted,
            MessageId = "m-1",
            Type = MessageType.Alias,
            UserId = "u",
            AnonymousId = "a",
            Event = "e",
            GroupId = "g",
            PreviousId = "p",
            Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(8)).AddTicks(1234),
            OriginalTimestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
            SentAt = new DateTimeOffset(2026, 1, 2, 3, 4, 7, TimeSpan.Zero),
            ReceivedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 8, TimeSpan.Zero),
            Properties = JsonElement.Parse("""{"price":1e400,"name":"薯片","nested":{"deep":[1,2,{"x":null}]}}"""),
            Traits = JsonElement.Parse("""{"phone":"+8613800000000"}"""),
            Context = JsonElement.Parse("""{"ip":"1.2.3.4"}"""),
            Integrations = JsonElement.Parse("""{"All":true}"""),
        };

        var decoded = CollectedMessageCodec.Decode(CollectedMessageCodec.Encode(message));

        Assert.Equal(message with { Properties = null, Traits = null, Context = null, Integrations = null },
            decoded with { Properties = null, Traits = null, Context = null, Integrations = null });
        Assert.Equal(message.Timestamp.UtcTicks, decoded.Timestamp.UtcTicks);
        Assert.Equal(message.Properties.Value.GetRawText(), decoded.Properties!.Value.GetRawText());
        Assert.Equal(message.Traits.Value.GetRawText(), decoded.Traits!.Value.GetRawText());
        Assert.Equal(message.Context.Value.GetRawText(), decoded.Context!.Value.GetRawText());
        Assert.Equal(message.Integrations.Value.GetRawText(), decoded.Integrations!.Value.GetRawText());
    }

    [Fact]
    public void Garbage_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => CollectedMessageCodec.Decode("not json"u8));
        Assert.Throws<FormatException>(() => CollectedMessageCodec.Decode("""{"v":99}"""u8));
    }
}

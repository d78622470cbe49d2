using Helix.Core.Collect;

namespace Helix.Core.Tests.Collect;

public sealed class TimestampsTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ClientClockFiveMinutesFast_IsCorrected()
    {
        var clientEvent = ReceivedAt.AddMinutes(5).AddSeconds(-30);
        var sentAt = ReceivedAt.AddMinutes(5);

        var corrected = Timestamps.Corrected(clientEvent, sentAt, ReceivedAt);

        Assert.Equal(ReceivedAt.AddSeconds(-30), corrected);
    }

    [Fact]
    public void HistoricalImportWithSentAtNow_StaysHistorical()
    {
        var historical = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var corrected = Timestamps.Corrected(historical, ReceivedAt, ReceivedAt);

        Assert.Equal(historical, corrected);
    }

    [Fact]
    public void NoSentAt_TakesClientTimestamp()
    {
        var client = ReceivedAt.AddHours(-1);

        Assert.Equal(client, Timestamps.Corrected(client, null, ReceivedAt));
    }

    [Fact]
    public void NoTimestamp_TakesReceivedAt()
    {
        Assert.Equal(ReceivedAt, Timestamps.Corrected(null, ReceivedAt.AddDays(1), ReceivedAt));
    }

    [Theory]
    [InlineData("2026-11-23T08:30:00+08:00", true)]
    [InlineData("2026-11-23T00:30:00.123Z", true)]
    [InlineData("2026-11-23T00:30:00", true)]
    [InlineData("yesterday", false)]
    [InlineData("12", false)]
    [InlineData("", false)]
    public void TryParse_AcceptsIso8601Only(string text, bool valid)
    {
        Assert.Equal(valid, Timestamps.TryParse(text, out _));
    }

    [Fact]
    public void TimeWithoutOffset_IsUtc()
    {
        Assert.True(Timestamps.TryParse("2026-11-23T00:30:00", out var value));

        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero), value);
    }

    [Fact]
    public void MessageAndBatchSentAt_MessageWins()
    {
        var envelope = new CollectEnvelope(new("w"), new("s"), ReceivedAt, BatchSentAt: ReceivedAt.AddHours(1));
        var json = System.Text.Json.JsonElement.Parse(
            """{"type":"track","userId":"u","event":"E","timestamp":"2026-11-23T12:00:00Z","sentAt":"2026-11-23T12:00:10Z"}""");

        var message = MessageParser.Parse(json, "", null, envelope, () => "g").Message!;

        Assert.Equal(ReceivedAt.AddSeconds(-10), message.Timestamp);
        Assert.Equal(ReceivedAt, message.OriginalTimestamp);
    }
}

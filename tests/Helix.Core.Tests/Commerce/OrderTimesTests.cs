using Helix.Core.Commerce;

namespace Helix.Core.Tests.Commerce;

public sealed class OrderTimesTests
{
    private static readonly TimeZoneInfo London = OrderTimes.FindZone("Europe/London")!;

    [Theory]
    [InlineData("2010-12-01 08:26:00", "2010-12-01T08:26:00+00:00")]
    [InlineData("2011-06-01 08:26", "2011-06-01T08:26:00+01:00")]
    [InlineData("2011-10-30 01:30:00", "2011-10-30T01:30:00+00:00")]
    [InlineData("2011-06-01T08:26:00+08:00", "2011-06-01T08:26:00+08:00")]
    [InlineData("2011-06-01T08:26:00Z", "2011-06-01T08:26:00+00:00")]
    public void LocalTimes_AreReadInTheZone(string text, string expected)
    {
        var at = new OrderTimes(London).Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), at);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, at!.Value.Offset);
    }

    [Fact]
    public void TimeInTheSpringGap_IsAnError()
    {
        Assert.Null(new OrderTimes(London).Parse("2011-03-27 01:30:00", out var error));
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomFormat_IsUsed()
    {
        var times = new OrderTimes(OrderTimes.FindZone("+08:00")!, "dd/MM/yyyy HH:mm");

        Assert.Equal(new DateTimeOffset(2024, 6, 18, 20, 15, 0, TimeSpan.FromHours(8)), times.Parse("18/06/2024 20:15", out _));
        Assert.Null(times.Parse("2024-06-18 20:15", out var error));
        Assert.Contains("dd/MM/yyyy HH:mm", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Asia/Shanghai", 8)]
    [InlineData("UTC", 0)]
    [InlineData("-05:00", -5)]
    public void Zones_AreFoundByIdOrOffset(string text, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), OrderTimes.FindZone(text)!.GetUtcOffset(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("+25:00")]
    public void UnknownZones_AreNull(string text) => Assert.Null(OrderTimes.FindZone(text));
}

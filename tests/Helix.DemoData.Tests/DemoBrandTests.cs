using System.Text.Json;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.DemoData.Tests;

public sealed class DemoBrandTests
{
    private static readonly DemoOptions Small = new() { Customers = 1_500, MalformedRate = 0.02 };

    private static List<DemoMessage> Generate(DemoOptions options) => [.. DemoBrand.Generate(options)];

    private static MessageParseResult Validate(DemoMessage message)
    {
        var envelope = new CollectEnvelope(new WorkspaceId("demo"), new SourceId(message.Channel), DateTimeOffset.UnixEpoch);
        return MessageParser.Parse(JsonElement.Parse(message.Message.ToJsonString()), "", null, envelope, () => "generated");
    }

    [Fact]
    public void SameSeed_GivesIdenticalOutput()
    {
        var first = Generate(Small).Select(m => m.Channel + m.Message.ToJsonString());
        var second = Generate(Small).Select(m => m.Channel + m.Message.ToJsonString());

        Assert.Equal(first, second);
    }

    /// <summary>Pins the output across processes and machines: a per-process hash seed would change it.</summary>
    [Fact]
    public void SameSeed_GivesTheSameFirstMessagesInEveryRun()
    {
        var first = Generate(new DemoOptions { Customers = 50 }).Where(m => m.Message["userId"] is not null).Take(3)
            .Select(m => m.Message["userId"]!.GetValue<string>() + "@" + m.Message["timestamp"]!.GetValue<string>());

        Assert.Equal(Expected, string.Join(" ", first));
    }

    private const string Expected = "M00000024@2026-05-08T16:40:21.715+08:00 M00000024@2026-05-08T16:40:21.715+08:00 M00000024@2026-05-08T16:42:14.715+08:00";

    [Fact]
    public void OtherSeed_GivesOtherOutput()
    {
        var first = Generate(Small).Take(200).Select(m => m.Message.ToJsonString());
        var other = Generate(Small with { Seed = 7 }).Take(200).Select(m => m.Message.ToJsonString());

        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Messages_AreOrderedByTimeWithinTheWindowAndHaveUniqueIds()
    {
        var messages = Generate(Small).Where(m => !m.IsMalformed).ToList();
        var times = messages.Select(m => DateTimeOffset.Parse(m.Message["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(times.Order(), times);
        Assert.All(times, t => Assert.InRange(t, Small.End.AddDays(-Small.Days), Small.End));
        Assert.Equal(messages.Count, messages.Select(m => m.Message["messageId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public void GoodMessagesPassValidation_AndMalformedOnesFailIt()
    {
        var messages = Generate(Small);

        var malformed = messages.Where(m => m.IsMalformed).ToList();
        Assert.All(messages.Where(m => !m.IsMalformed), m => Assert.True(Validate(m).IsValid, m.Message.ToJsonString()));
        Assert.All(malformed, m => Assert.False(Validate(m).IsValid, m.Message.ToJsonString()));
        Assert.InRange(malformed.Count / (double)messages.Count, 0.01, 0.03);
    }

    [Fact]
    public void Identities_OverlapAcrossChannels()
    {
        var messages = Generate(Small).Where(m => !m.IsMalformed).Select(m => m.Message).ToList();

        Assert.Contains(messages, m => m["type"]!.GetValue<string>() == "identify" && m["anonymousId"] is not null && m["userId"] is not null);
        var channelsPerMember = Generate(Small).Where(m => m.Message["userId"] is not null)
            .GroupBy(m => m.Message["userId"]!.GetValue<string>())
            .Select(g => g.Select(m => m.Channel).Distinct().Count());
        Assert.Contains(channelsPerMember, count => count >= 3);
        Assert.Equal(DemoBrand.Channels.Count, Generate(Small).Select(m => m.Channel).Distinct().Count());
    }

    [Fact]
    public void OrderTotals_AreLineItemsLessDiscount()
    {
        var orders = Generate(Small).Where(m => !m.IsMalformed && m.Message["event"]?.GetValue<string>() == "Order Completed").Select(m => m.Message["properties"]!).ToList();

        Assert.NotEmpty(orders);
        Assert.All(orders, o =>
        {
            var items = o["products"]!.AsArray().Sum(p => p!["price"]!.GetValue<decimal>() * p["quantity"]!.GetValue<byte>());
            Assert.Equal(items - o["discount"]!.GetValue<decimal>(), o["total"]!.GetValue<decimal>());
        });
    }

    [Fact]
    public void ShowcaseMember_IsSeenOnSeveralChannels()
    {
        var channels = Generate(Small).Where(m => m.Message["userId"]?.GetValue<string>() == "M00000001").Select(m => m.Channel).Distinct().Count();

        Assert.True(channels >= 3, $"M00000001 is on {channels} channels");
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Collect;
using Helix.Core.Privacy.Consent;
using Helix.Core.Workspaces;

namespace Helix.DemoData.Tests;

public sealed class DemoBrandTests
{
    private static readonly DemoOptions Small = new() { Customers = 3_000, MalformedRate = 0.02 };

    // Generated once: every test reads the same output and none changes it.
    private static readonly Lazy<List<DemoMessage>> SmallOutput = new(() => [.. DemoBrand.Generate(Small)]);

    private static List<DemoMessage> Messages => SmallOutput.Value;

    private static IEnumerable<JsonObject> Good => Messages.Where(m => !m.IsMalformed).Select(m => m.Message);

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    private static IEnumerable<string> Serialized(IEnumerable<DemoMessage> messages) =>
        messages.Select(m => $"{m.Channel}|{m.IsMalformed}|{m.Message.ToJsonString()}");

    private static MessageParseResult Validate(DemoMessage message)
    {
        var envelope = new CollectEnvelope(new WorkspaceId("demo"), new SourceId(message.Channel), DateTimeOffset.UnixEpoch);
        return MessageParser.Parse(JsonElement.Parse(message.Message.ToJsonString()), "", null, envelope, () => "generated");
    }

    [Fact]
    public void SameSeed_GivesByteIdenticalOutput()
    {
        var again = DemoBrand.Generate(Small);

        Assert.Equal(Serialized(Messages), Serialized(again));
    }

    /// <summary>Pins the output across processes and machines: a per-process hash seed or a clock would change it.</summary>
    [Fact]
    public void SameSeed_GivesTheSameFirstMessagesInEveryRun()
    {
        var first = DemoBrand.Generate(new DemoOptions { Customers = 50 }).Where(m => m.Message["userId"] is not null).Take(3)
            .Select(m => Text(m.Message["userId"]) + "@" + Text(m.Message["timestamp"]));

        Assert.Equal(Expected, string.Join(" ", first));
    }

    private const string Expected =
        "M00000038@2026-05-06T11:10:25.987+08:00 M00000038@2026-05-06T11:10:25.987+08:00 M00000038@2026-05-06T11:11:10.077+08:00";

    [Fact]
    public void OtherSeed_GivesOtherOutput()
    {
        var other = DemoBrand.Generate(Small with { Seed = 7 });

        Assert.NotEqual(Serialized(Messages.Take(500)), Serialized(other.Take(500)));
    }

    [Fact]
    public void SmallTimeWindows_GiveTheSameOutputAsOne()
    {
        var windowed = DemoBrand.GenerateWindows(Small, customersPerWindow: 400);

        Assert.Equal(Serialized(Messages), Serialized(windowed));
    }

    [Fact]
    public void Messages_AreOrderedByTimestamp()
    {
        var times = Good.Select(m => DateTimeOffset.Parse(Text(m["timestamp"])!, CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public void Timestamps_AreInTheWindowWithTheChinaOffset()
    {
        var stamps = Good.Select(m => Text(m["timestamp"])!).ToList();

        Assert.All(stamps, s => Assert.EndsWith("+08:00", s, StringComparison.Ordinal));
        Assert.All(stamps, s => Assert.InRange(DateTimeOffset.Parse(s, CultureInfo.InvariantCulture), Small.End.AddDays(-Small.Days), Small.End));
    }

    [Fact]
    public void GoodMessages_HaveTypeUniqueMessageIdIdentityAndEventName()
    {
        var good = Good.ToList();

        Assert.All(good, m => Assert.Contains(Text(m["type"]), new[] { "track", "identify", "page", "screen" }));
        Assert.All(good, m => Assert.True(m["userId"] is not null || m["anonymousId"] is not null, m.ToJsonString()));
        Assert.All(good.Where(m => Text(m["type"]) == "track"), m => Assert.False(string.IsNullOrEmpty(Text(m["event"]))));
        Assert.Equal(Messages.Count, Messages.Select(m => Text(m.Message["messageId"])).Distinct().Count());
    }

    [Fact]
    public void GoodMessages_PassValidation_AndMalformedOnesFailIt()
    {
        Assert.All(Messages.Where(m => !m.IsMalformed), m => Assert.True(Validate(m).IsValid, m.Message.ToJsonString()));
        Assert.All(Messages.Where(m => m.IsMalformed), m => Assert.False(Validate(m).IsValid, m.Message.ToJsonString()));
    }

    [Fact]
    public void MalformedShare_IsNearTheRate()
    {
        var defaultRate = DemoBrand.Generate(new DemoOptions { Customers = 5_000 }).ToList();

        Assert.InRange(Messages.Count(m => m.IsMalformed) / (double)Messages.Count, 0.015, 0.025);
        Assert.InRange(defaultRate.Count(m => m.IsMalformed) / (double)defaultRate.Count, 0.0013, 0.0027);
    }

    [Fact]
    public void Members_StateConsentsOnTheirForms_MostAllowSms_SomeUntickItLater()
    {
        var consents = Good.Where(m => Text(m["event"]) == "Consent Updated").ToList();
        var firstSms = consents.Where(m => m["userId"] is not null)
            .GroupBy(m => Text(m["userId"]))
            .Select(g => g.Select(m => m["properties"]!["consents"]!.AsArray().FirstOrDefault(c => Text(c!["channel"]) == "sms")).OfType<JsonNode>().ToList())
            .Where(statements => statements.Count > 0)
            .ToList();

        Assert.All(consents, m => Assert.True(ConsentEvent.Parse(JsonSerializer.SerializeToElement(m["properties"]!["consents"]), "consents").Errors.Count == 0, m.ToJsonString()));
        Assert.InRange(firstSms.Count(s => s[0]["granted"]!.GetValue<bool>()) / (double)firstSms.Count, 0.75, 0.95);
        Assert.Contains(firstSms, s => s[0]["granted"]!.GetValue<bool>() && !s[^1]["granted"]!.GetValue<bool>());
        Assert.Contains(consents, m => Text(m["properties"]!["consents"]![0]!["channel"]) == "wechat");
    }

    [Fact]
    public void Identify_LinksAnAnonymousIdToAMemberId()
    {
        var identifies = Good.Where(m => Text(m["type"]) == "identify").ToList();

        Assert.Contains(identifies, m => m["anonymousId"] is not null && m["userId"] is not null);
        Assert.All(identifies.Where(m => m["userId"] is not null), m => Assert.Matches("^M[0-9]{8}$", Text(m["userId"])));
    }

    [Fact]
    public void SamePhone_AppearsUnderSeveralChannels()
    {
        var channelsPerPhone = Messages.Where(m => !m.IsMalformed && m.Message["traits"]?["phone"] is not null)
            .GroupBy(m => Text(m.Message["traits"]!["phone"]))
            .Select(g => g.Select(m => m.Channel).Distinct().Count());

        Assert.Contains(channelsPerPhone, count => count >= 2);
        Assert.All(Good.Select(m => Text(m["traits"]?["phone"])).OfType<string>(), p => Assert.Matches(@"^\+861[3-9][0-9]{9}$", p));
    }

    [Fact]
    public void JunkIdentifiers_AreSharedBySeveralCustomers()
    {
        var storePhoneUsers = Good.Where(m => Text(m["traits"]?["phone"]) == "+8613800000000").Select(m => Text(m["userId"])).Distinct().Count();
        var zeroIdfaDevices = Good.Where(m => Text(m["context"]?["device"]?["advertisingId"]) == "00000000-0000-0000-0000-000000000000")
            .Select(m => Text(m["anonymousId"])).Distinct().Count();

        Assert.True(storePhoneUsers >= 2, $"{storePhoneUsers} customers with the store's phone");
        Assert.True(zeroIdfaDevices >= 2, $"{zeroIdfaDevices} devices with the zero IDFA");
    }

    [Fact]
    public void MarketplaceMessages_CarryExternalIdsInSegmentsShape()
    {
        var external = Good.SelectMany(m => m["context"]?["externalIds"]?.AsArray() ?? []).Select(e => e!.AsObject()).ToList();

        Assert.Equal(["douyin_openid", "jd_pin", "taobao_ouid", "wechat_openid", "wechat_unionid"], external.Select(e => Text(e["type"])).Distinct().Order());
        Assert.All(external, e => Assert.Equal(("users", "none"), (Text(e["collection"]), Text(e["encoding"]))));
    }

    [Fact]
    public void EveryChannel_IsUsed()
    {
        var used = Messages.Select(m => m.Channel).Distinct().Order();

        Assert.Equal(DemoBrand.Channels.Select(c => c.Key).Order(), used);
    }

    [Fact]
    public void OrderTotals_AreLineItemsLessDiscount()
    {
        var orders = Good.Where(m => Text(m["event"]) == "Order Completed").Select(m => m["properties"]!).ToList();

        Assert.NotEmpty(orders);
        Assert.All(orders, o =>
        {
            var items = o["products"]!.AsArray().Sum(p => p!["price"]!.GetValue<decimal>() * p["quantity"]!.GetValue<int>());
            Assert.Equal(items - o["discount"]!.GetValue<decimal>(), o["total"]!.GetValue<decimal>());
            Assert.Equal("CNY", Text(o["currency"]));
        });
    }

    [Fact]
    public void Purchases_LookLikeRetail_MostBuyOnceOrTwiceAndAFewOften()
    {
        var ordersPerCustomer = Good.Where(m => Text(m["event"]) == "Order Completed")
            .GroupBy(m => Text(m["userId"]) ?? Text(m["anonymousId"]))
            .Select(g => g.Count()).ToList();

        Assert.True(ordersPerCustomer.Count(c => c <= 2) > ordersPerCustomer.Count / 2);
        Assert.Contains(ordersPerCustomer, c => c >= 10);
        Assert.Contains(Good, m => m["context"]?["campaign"]?["name"] is not null);
        Assert.Contains(Good, m => Text(m["event"]) == "Order Refunded");
    }

    [Fact]
    public void ShowcaseMember_IsSeenOnSeveralChannelsWithTheToursIdentifiers()
    {
        var showcase = Good.Where(m => Text(m["userId"]) == "M00000001").ToList();

        Assert.True(showcase.Select(m => Text(m["context"]?["externalIds"]?[0]?["type"]) ?? Text(m["anonymousId"]) ?? "pos").Distinct().Count() >= 3);
        Assert.Contains(showcase, m => Text(m["traits"]?["phone"]) == "+8617961567128");
        Assert.Contains(showcase, m => m["context"]?["externalIds"]?.AsArray().Any(e => Text(e!["id"]) == "oUN0000000000") == true);
    }

    [Fact]
    public void NoCustomers_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoBrand.Generate(new DemoOptions { Customers = 0 }));
    }
}

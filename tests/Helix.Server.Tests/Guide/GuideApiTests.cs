using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Workspaces;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Guide;

/// <summary>The store guide's member card end to end: identify and orders through the collect API, definitions through the API, the card read back masked.</summary>
public sealed class GuideApiTests(GuideApiTests.World world) : IClassFixture<GuideApiTests.World>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private readonly HelixTestServer _server = world.Server;

    private const string Phone = "13812345678";
    private const string Name = "张三";
    private const string Email = "zhangsan@example.com";
    private const string Address = "上海市浦东新区张江路123号";

    /// <summary>A few of the demo brand's definitions, under the demo's names, so the default card options find them.</summary>
    private const string Definitions = """
        {
          "computedTraits": [
            {"name": "orders_total", "function": "count", "event": "Order Completed"},
            {"name": "spend_total", "function": "sum", "event": "Order Completed", "of": "properties.total"},
            {"name": "last_order_at", "function": "last", "event": "Order Completed", "of": "timestamp"},
            {"name": "favourite_category", "function": "mostFrequent", "event": "Order Completed", "of": "properties.products[].category"}
          ],
          "categories": [
            {"name": "loyalty", "description": "会员与忠诚 — membership tier and member status"},
            {"name": "value", "description": "消费力 — spend, order value and purchasing power"},
            {"name": "product", "description": "品类偏好 — what they buy and look at"},
            {"name": "demographics", "description": "人口属性"}
          ],
          "tags": [
            {"name": "member_gold", "kind": "rule", "category": "loyalty", "description": "金卡会员", "when": {"trait": "tier", "op": "eq", "value": "金卡"}},
            {"name": "store_member", "kind": "rule", "category": "loyalty", "when": {"trait": "home_store", "op": "exists"}},
            {"name": "spend_level", "kind": "value", "category": "value", "description": "Spend in CNY.", "of": {"computed": "spend_total"},
             "buckets": [{"value": "low", "min": 0, "max": 100}, {"value": "high", "min": 100}]},
            {"name": "loves_nuts", "kind": "rule", "category": "product", "description": "坚果炒货 is the most bought category.",
             "when": {"computed": "favourite_category", "op": "eq", "value": "坚果炒货"}},
            {"name": "loves_candy", "kind": "rule", "category": "product", "when": {"computed": "favourite_category", "op": "eq", "value": "糖果巧克力"}},
            {"name": "zodiac_fire", "kind": "rule", "category": "demographics", "when": {"trait": "zodiac", "op": "in", "value": ["aries", "leo", "sagittarius"]}}
          ]
        }
        """;

    /// <summary>The store member every card test reads, seeded once; other tests write members of their own.</summary>
    public sealed class World() : SeededServer(new FakeTimeProvider(Now))
    {
        protected override Task SeedAsync(HelixTestServer server) => SeedMemberAsync(server);
    }

    [Fact]
    public async Task MemberByPhone_ShowsTheCardMasked()
    {
        var (card, body) = await CardAsync($"/api/v1/guide/members/{Phone}?type=phone");

        Assert.Equal("张*", card.GetProperty("name").GetString());
        Assert.Equal("138****5678", card.GetProperty("phone").GetString());
        Assert.Equal("z***@example.com", card.GetProperty("email").GetString());
        Assert.Equal("上海市浦东新区****", card.GetProperty("address").GetString());
        Assert.Equal(("female", "金卡"), (card.GetProperty("gender").GetString(), card.GetProperty("tier").GetString()));
        Assert.Equal((35, "11-23"), (card.GetProperty("age").GetInt32(), card.GetProperty("birthday").GetString()));
        Assert.Equal(("sagittarius", "射手座"), (card.GetProperty("zodiac").GetString(), card.GetProperty("zodiacName").GetString()));
        Assert.Equal(1280, card.GetProperty("points").GetInt32());
        Assert.Equal(("SH-001", "SH-001-G2"), (card.GetProperty("store").GetString(), card.GetProperty("guide").GetString()));
        AssertNoRawPersonalData(body);
    }

    [Fact]
    public async Task Card_GroupsTagsByConfiguredCategory_WithCatalogDescriptions()
    {
        var (card, _) = await CardAsync($"/api/v1/guide/members/{Phone}?type=phone");

        var groups = card.GetProperty("tags").EnumerateArray().ToList();
        Assert.Equal(["loyalty", "value", "product"], groups.Select(g => g.GetProperty("category").GetString()));
        Assert.Equal("会员与忠诚 — membership tier and member status", groups[0].GetProperty("description").GetString());
        Assert.Equal(["member_gold", "store_member"], groups[0].GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("金卡会员", groups[0].GetProperty("tags")[0].GetProperty("description").GetString());
        var spend = Assert.Single(groups[1].GetProperty("tags").EnumerateArray());
        Assert.Equal(("spend_level", "high"), (spend.GetProperty("name").GetString(), spend.GetProperty("value").GetString()));
        Assert.Equal("loves_nuts", Assert.Single(groups[2].GetProperty("tags").EnumerateArray()).GetProperty("name").GetString());
        var computed = card.GetProperty("computedTraits");
        Assert.Equal(6, computed.GetProperty("orders_total").GetInt32());
        Assert.Equal(6 * 100m + 15m, computed.GetProperty("spend_total").GetDecimal());
        Assert.Equal("坚果炒货", computed.GetProperty("favourite_category").GetString());
        Assert.Equal(OrderTime(5), computed.GetProperty("last_order_at").GetDateTimeOffset());
        Assert.False(computed.TryGetProperty("preferred_channel", out _));
    }

    [Fact]
    public async Task Card_ListsTheLastPurchasesNewestFirst()
    {
        var (card, _) = await CardAsync("/api/v1/guide/members/u-guide-1?type=user_id");
        var (two, _) = await CardAsync($"/api/v1/guide/members/{Phone}?type=phone&purchases=2");

        var purchases = card.GetProperty("purchases").EnumerateArray().ToList();
        Assert.Equal(["POS-5", "POS-4", "POS-3", "POS-2", "POS-1"], purchases.Select(p => p.GetProperty("orderId").GetString()));
        var latest = purchases[0];
        Assert.Equal(OrderTime(5), latest.GetProperty("at").GetDateTimeOffset());
        Assert.Equal((105m, "CNY"), (latest.GetProperty("total").GetDecimal(), latest.GetProperty("currency").GetString()));
        Assert.Equal(("SH-001", "Offline stores (POS)"), (latest.GetProperty("store").GetString(), latest.GetProperty("channel").GetString()));
        Assert.False(string.IsNullOrEmpty(latest.GetProperty("sourceId").GetString()));
        var product = Assert.Single(latest.GetProperty("products").EnumerateArray());
        Assert.Equal(("每日坚果 5", "坚果炒货", 2m), (product.GetProperty("name").GetString(), product.GetProperty("category").GetString(), product.GetProperty("quantity").GetDecimal()));
        Assert.Equal(["POS-5", "POS-4"], two.GetProperty("purchases").EnumerateArray().Select(p => p.GetProperty("orderId").GetString()));
        Assert.Equal(card.GetProperty("personId").GetString(), two.GetProperty("personId").GetString());
    }

    [Fact]
    public async Task PhoneWrittenAnotherWay_FindsTheSameMember()
    {
        var (card, _) = await CardAsync($"/api/v1/guide/members/{Uri.EscapeDataString("+86 138-1234-5678")}?type=phone");

        Assert.Equal("138****5678", card.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task MemberWithOddOrMissingTraits_GetsACardWithoutThem()
    {
        await SendAsync(new JsonObject { ["type"] = "identify", ["userId"] = "u-bare", ["timestamp"] = Now.ToString("O") });
        await SendAsync(new JsonObject
        {
            ["type"] = "identify", ["userId"] = "u-odd", ["timestamp"] = Now.ToString("O"),
            ["traits"] = new JsonObject
            {
                ["name"] = new JsonArray("Alice", "Smith"), ["birthday"] = "someday", ["tier"] = 3, ["points"] = new JsonObject(),
                ["address"] = new JsonObject { ["street"] = "1 Infinite Loop", ["city"] = "Cupertino", ["state"] = "CA" },
            },
        });
        await SendAsync(new JsonObject { ["type"] = "track", ["userId"] = "u-odd", ["event"] = "Order Completed", ["timestamp"] = Now.ToString("O"), ["properties"] = new JsonObject { ["products"] = "none", ["total"] = "12.50" } });

        var (bare, _) = await CardAsync("/api/v1/guide/members/u-bare?type=user_id");
        var (odd, body) = await CardAsync("/api/v1/guide/members/u-odd?type=user_id");

        Assert.Equal(JsonValueKind.Null, bare.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("birthday").ValueKind);
        Assert.Equal(0, bare.GetProperty("tags").GetArrayLength());
        Assert.Equal(0, bare.GetProperty("purchases").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, odd.GetProperty("name").ValueKind);
        Assert.Equal("3", odd.GetProperty("tier").GetString());
        Assert.Equal(JsonValueKind.Null, odd.GetProperty("points").ValueKind);
        Assert.Equal("CA Cup****", odd.GetProperty("address").GetString());
        Assert.DoesNotContain("Infinite", body, StringComparison.Ordinal);
        var purchase = Assert.Single(odd.GetProperty("purchases").EnumerateArray());
        Assert.Equal((12.5m, 0), (purchase.GetProperty("total").GetDecimal(), purchase.GetProperty("products").GetArrayLength()));
    }

    [Theory]
    [InlineData("/api/v1/guide/members/13812345678", "type")]
    [InlineData("/api/v1/guide/members/13812345678?type=Phone-Number", "type")]
    [InlineData("/api/v1/guide/members/not-a-phone?type=phone", "identifier")]
    [InlineData("/api/v1/guide/members/13812345678?type=phone&purchases=0", "purchases")]
    [InlineData("/api/v1/guide/members/13812345678?type=phone&purchases=21", "purchases")]
    [InlineData("/api/v1/guide/members/13812345678?type=phone&purchases=many", "purchases")]
    public async Task BadRequest_Is400NamingTheField(string path, string field)
    {
        using var response = await _server.Admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task UnknownMember_Is404_WithoutEchoingTheNumber()
    {
        using var response = await _server.Admin.GetAsync("/api/v1/guide/members/13900001111?type=phone");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("13900001111", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherWorkspacesKey_CannotSeeTheMember_AndNoKeyIs401()
    {
        using var otherAdmin = await _server.OtherWorkspaceAdminAsync(new WorkspaceId("other-brand"), "hxk_other_guide");

        using var theirs = await otherAdmin.GetAsync($"/api/v1/guide/members/{Phone}?type=phone");
        using var anonymous = await _server.Anonymous.GetAsync($"/api/v1/guide/members/{Phone}?type=phone");

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static DateTimeOffset OrderTime(int order) => Now.AddDays(-10 + order);

    /// <summary>The member: an identify from the store's till, six orders (the last five bought nuts) and a page view, then the definitions.</summary>
    private static async Task SeedMemberAsync(HelixTestServer server)
    {
        using (var put = await server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(Definitions)))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        await SendAsync(server, new JsonObject
        {
            ["type"] = "identify", ["userId"] = "u-guide-1", ["timestamp"] = Now.AddDays(-20).ToString("O"),
            ["traits"] = new JsonObject
            {
                ["name"] = Name, ["phone"] = Phone, ["email"] = Email, ["address"] = Address, ["gender"] = "female",
                ["birthday"] = "1990-11-23", ["tier"] = "金卡", ["points"] = 1280, ["home_store"] = "SH-001", ["guide_id"] = "SH-001-G2",
            },
        });
        for (var order = 0; order < 6; order++)
        {
            var category = order == 0 ? "糖果巧克力" : "坚果炒货";
            await SendAsync(server, new JsonObject
            {
                ["type"] = "track", ["userId"] = "u-guide-1", ["event"] = "Order Completed", ["timestamp"] = OrderTime(order).ToString("O"),
                ["properties"] = new JsonObject
                {
                    ["order_id"] = $"POS-{order}", ["total"] = 100 + (order == 5 ? 5 : order == 0 ? 10 : 0), ["currency"] = "CNY",
                    ["store_id"] = "SH-001", ["affiliation"] = "Offline stores (POS)",
                    ["products"] = new JsonArray(new JsonObject { ["name"] = $"每日坚果 {order}", ["category"] = category, ["quantity"] = 2 }),
                },
            });
        }

        await SendAsync(server, new JsonObject { ["type"] = "page", ["userId"] = "u-guide-1", ["name"] = "Home", ["timestamp"] = Now.ToString("O") });
    }

    private Task SendAsync(JsonObject message) => SendAsync(_server, message);

    private static async Task SendAsync(HelixTestServer server, JsonObject message)
    {
        (await server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = new JsonArray(message) }.ToJsonString())).EnsureSuccessStatusCode();
        await server.FlushAsync();
    }

    private async Task<(JsonElement Card, string Body)> CardAsync(string path)
    {
        using var response = await _server.Admin.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return (JsonElement.Parse(body), body);
    }

    /// <summary>Neither the body's bytes nor any decoded string in it (the JSON escapes Chinese) holds a raw value.</summary>
    private static void AssertNoRawPersonalData(string body)
    {
        var decoded = new StringBuilder();
        Collect(JsonElement.Parse(body), decoded);
        foreach (var raw in new[] { Phone, "+86" + Phone, Name, Email, "zhangsan", "张江路", "123号", "1990-11-23" })
        {
            Assert.DoesNotContain(raw, body, StringComparison.Ordinal);
            Assert.DoesNotContain(raw, decoded.ToString(), StringComparison.Ordinal);
        }

        static void Collect(JsonElement element, StringBuilder text)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        text.Append(property.Name).Append('\n');
                        Collect(property.Value, text);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item, text);
                    }

                    break;
                default:
                    text.Append(element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText()).Append('\n');
                    break;
            }
        }
    }
}

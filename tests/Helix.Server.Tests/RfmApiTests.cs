using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Helix.Server.Tests;

/// <summary>RFM over orders sent through the collect API.</summary>
public sealed class RfmApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string query)
    {
        using var response = await _server.Admin.GetAsync("/api/v1/models/rfm" + query);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    [Fact]
    public async Task Rfm_ScoresEveryBuyer_IntoExactlyOneGroup_WithTheBestCustomerInImportantValue()
    {
        // 40 buyers: buyer i last ordered i days before AsOf, ordered 1 + (40 − i) / 8 times, spent more the lower i is.
        var batch = new JsonArray();
        for (var i = 0; i < 40; i++)
        {
            var orders = 1 + (40 - i) / 8;
            for (var o = 0; o < orders; o++)
            {
                batch.Add(new JsonObject
                {
                    ["type"] = "track", ["userId"] = $"b{i:00}", ["event"] = "Order Completed",
                    ["timestamp"] = AsOf.AddDays(-i - 3 * o).ToString("O"),
                    ["properties"] = new JsonObject { ["revenue"] = 100 + (40 - i) * 10, ["order_id"] = $"o{i}-{o}" },
                });
            }
        }

        batch.Add(new JsonObject { ["type"] = "track", ["userId"] = "browser", ["event"] = "Product Viewed", ["timestamp"] = AsOf.AddDays(-1).ToString("O") });
        batch.Add(new JsonObject { ["type"] = "track", ["userId"] = "future", ["event"] = "Order Completed", ["timestamp"] = AsOf.AddDays(5).ToString("O") });
        (await _server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = batch }.ToJsonString())).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        var (status, rfm) = await GetAsync($"?asOf={Uri.EscapeDataString(AsOf.ToString("O"))}&sample=40");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(40, rfm.GetProperty("buyers").GetInt32());
        var groups = rfm.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(8, groups.Count);
        Assert.Equal(40, groups.Sum(g => g.GetProperty("persons").GetInt32()));
        Assert.Equal(40, groups.SelectMany(g => g.GetProperty("sample").EnumerateArray()).Select(p => p.GetProperty("personId").GetString()).Distinct().Count());
        var best = groups.Single(g => g.GetProperty("group").GetString() == "important_value").GetProperty("sample")[0];
        Assert.Equal((5, 5, 5, 6L), (best.GetProperty("r").GetInt32(), best.GetProperty("f").GetInt32(), best.GetProperty("m").GetInt32(), best.GetProperty("orders").GetInt64()));
        var worst = groups.Single(g => g.GetProperty("group").GetString() == "general_retain").GetProperty("sample").EnumerateArray().Last();
        Assert.Equal((1, 1, 1), (worst.GetProperty("r").GetInt32(), worst.GetProperty("f").GetInt32(), worst.GetProperty("m").GetInt32()));
    }

    [Fact]
    public async Task Refunds_ReduceTheMonetaryValue_ButNotTheOrderCount()
    {
        var batch = new JsonArray();
        foreach (var (user, name, revenue) in new[] { ("a", "Order Completed", 100), ("a", "Order Completed", 100), ("a", "Order Refunded", 100), ("b", "Order Completed", 150), ("c", "Order Refunded", 50) })
        {
            batch.Add(new JsonObject
            {
                ["type"] = "track", ["userId"] = user, ["event"] = name, ["timestamp"] = AsOf.AddDays(-1).ToString("O"),
                ["properties"] = new JsonObject { ["revenue"] = revenue },
            });
        }

        (await _server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = batch }.ToJsonString())).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        var (_, rfm) = await GetAsync($"?asOf={Uri.EscapeDataString(AsOf.ToString("O"))}&bins=2");

        Assert.Equal(2, rfm.GetProperty("buyers").GetInt32());
        var buyers = rfm.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("sample").EnumerateArray())
            .ToDictionary(p => p.GetProperty("orders").GetInt64(), p => p.GetProperty("revenue").GetDouble());
        Assert.Equal(100, buyers[2]);
        Assert.Equal(150, buyers[1]);
    }

    [Theory]
    [InlineData("?refund=", "refund")]
    [InlineData("?bins=1", "bins")]
    [InlineData("?sample=5000", "sample")]
    [InlineData("?event=", "event")]
    public async Task BadParameters_AreNamed(string query, string field)
    {
        var (status, problem) = await GetAsync(query);

        Assert.Equal((HttpStatusCode.BadRequest, field), (status, problem.GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Fact]
    public async Task NoOrders_GiveAnEmptyResult_AndAKeyIsRequired()
    {
        var (status, rfm) = await GetAsync("");
        Assert.Equal((HttpStatusCode.OK, 0), (status, rfm.GetProperty("buyers").GetInt32()));
        using var anonymous = await _server.Anonymous.GetAsync("/api/v1/models/rfm");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}

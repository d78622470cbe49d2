using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Helix.Server.Tests;

/// <summary>Lifecycle stages over persons and orders sent through the collect API.</summary>
public sealed class LifecycleApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static JsonObject Event(string user, string name, int daysBeforeAsOf) => new()
    {
        ["type"] = "track", ["userId"] = user, ["event"] = name, ["timestamp"] = AsOf.AddDays(-daysBeforeAsOf).ToString("O"),
    };

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string query)
    {
        using var response = await _server.Admin.GetAsync("/api/v1/models/lifecycle?asOf=" + Uri.EscapeDataString(AsOf.ToString("O")) + query);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    private static Dictionary<string, List<string>> Stages(JsonElement body) =>
        body.GetProperty("stages").EnumerateArray().ToDictionary(
            s => s.GetProperty("stage").GetString()!,
            s => s.GetProperty("sample").EnumerateArray().Select(p => p.GetString()!).ToList());

    [Fact]
    public async Task Persons_FallIntoNewActiveAtRiskAndChurned_ByFirstSeenAndTheirLastOrder()
    {
        var batch = new JsonArray(
            Event("newbie", "Page Viewed", 5),
            Event("buyer", "Page Viewed", 100), Event("buyer", "Order Completed", 10),
            Event("quiet", "Page Viewed", 200), Event("quiet", "Order Completed", 120),
            Event("gone", "Page Viewed", 400), Event("gone", "Order Completed", 300),
            Event("browser", "Page Viewed", 60),
            Event("later", "Page Viewed", -3));
        (await _server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = batch }.ToJsonString())).EnsureSuccessStatusCode();
        await _server.FlushAsync();
        var persons = new Dictionary<string, string>();
        foreach (var user in new[] { "newbie", "buyer", "quiet", "gone", "browser" })
        {
            using var lookup = await _server.Admin.GetAsync($"/api/v1/profiles/lookup?type=user_id&value={user}");
            persons[(await lookup.ReadJsonAsync()).GetProperty("personId").GetString()!] = user;
        }

        var (status, body) = await GetAsync("");

        Assert.Equal((HttpStatusCode.OK, 5), (status, body.GetProperty("persons").GetInt32()));
        var stages = Stages(body).ToDictionary(s => s.Key, s => s.Value.Select(p => persons[p]).Order().ToList());
        Assert.Equal(["newbie"], stages["new"]);
        Assert.Equal(["browser", "buyer"], stages["active"]);
        Assert.Equal(["quiet"], stages["at_risk"]);
        Assert.Equal(["gone"], stages["churned"]);

        var (_, stricter) = await GetAsync("&churnedAfterDays=100");
        Assert.Equal(2, Stages(stricter)["churned"].Count);
    }

    [Theory]
    [InlineData("&churnedAfterDays=50", "churnedAfterDays")]
    [InlineData("&atRiskAfterDays=0", "atRiskAfterDays")]
    [InlineData("&newWindowDays=-1", "newWindowDays")]
    [InlineData("&sample=1001", "sample")]
    public async Task BadThresholds_AreNamed(string query, string field)
    {
        var (status, problem) = await GetAsync(query);

        Assert.Equal((HttpStatusCode.BadRequest, field), (status, problem.GetProperty("errors")[0].GetProperty("field").GetString()));
    }
}

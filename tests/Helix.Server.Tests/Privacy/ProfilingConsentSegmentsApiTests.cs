using System.Text.Json.Nodes;
using Helix.Server.Tests.Segments;

namespace Helix.Server.Tests.Privacy;

/// <summary>A refused <c>profiling</c> consent through the real server: out of real-time and scheduled segments, their exports and estimates, back with a grant.</summary>
public sealed class ProfilingConsentSegmentsApiTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Refusal_RemovesFromSegmentsExportsAndEstimates_AndAGrantBringsThemBack()
    {
        await using var server = await HelixTestServer.StartAsync();
        await server.SendAsync(
            Order("u1", -5), Order("u2", -5), Consent("u1", "marketing", true, -5), Consent("u2", "marketing", true, -5));
        await server.PutSegmentAsync("buyers", """{"mode": "realtime", "when": "did(\"Order Completed\")"}""");
        await server.PutSegmentAsync("nightly_buyers", """{"mode": "scheduled", "when": "did(\"Order Completed\")"}""");
        var (u1, u2) = (await server.PersonIdAsync("u1"), await server.PersonIdAsync("u2"));
        Assert.Equal(Sorted(u1, u2), await MembersAsync(server, "buyers"));
        Assert.Equal(Sorted(u1, u2), await MembersAsync(server, "nightly_buyers"));

        await server.SendAsync(Consent("u1", "profiling", false, -4));

        Assert.Equal([u2], await MembersAsync(server, "buyers"));
        Assert.Equal([u2], await MembersAsync(server, "nightly_buyers"));
        foreach (var segment in (string[])["buyers", "nightly_buyers"])
        {
            var exit = (await server.GetJsonAsync($"/api/v1/segments/{segment}/history?person={u1}"))[0];
            Assert.Equal("Segment Exited", exit.GetProperty("event").GetString());
            Assert.StartsWith("consent profiling refused (event ", exit.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(["u2"], await ExportAsync(server, segment));
        }

        Assert.Empty((await server.GetJsonAsync($"/api/v1/profiles/{u1}")).GetProperty("segments").EnumerateObject());
        Assert.Equal(1, await EstimateAsync(server));
        await RecomputeAsync(server);
        Assert.Equal([u2], await MembersAsync(server, "nightly_buyers"));

        await server.SendAsync(Consent("u1", "profiling", true, -3));

        Assert.Equal(Sorted(u1, u2), await MembersAsync(server, "buyers"));
        Assert.Equal(2, await EstimateAsync(server));
        Assert.Equal([u2], await MembersAsync(server, "nightly_buyers")); // scheduled members follow at the next recompute
        await RecomputeAsync(server);
        Assert.Equal(Sorted(u1, u2), await MembersAsync(server, "nightly_buyers"));
        Assert.Equal(["u1", "u2"], await ExportAsync(server, "nightly_buyers"));
    }

    private static List<string> Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private static async Task<List<string>> MembersAsync(HelixTestServer server, string segment) =>
        Sorted([.. await server.MembersAsync(segment)]);

    private static async Task<List<string>> ExportAsync(HelixTestServer server, string segment)
    {
        var csv = await server.Admin.GetStringAsync($"/api/v1/segments/{segment}/export.csv?fields=id:user_id");
        return Sorted([.. csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)]);
    }

    private static async Task<long> EstimateAsync(HelixTestServer server)
    {
        using var response = await server.Admin.PostJsonAsync("/api/v1/segments/estimate", """{"when": "did(\"Order Completed\")"}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("count").GetInt64();
    }

    private static async Task RecomputeAsync(HelixTestServer server)
    {
        using var response = await server.Admin.PostAsync("/api/v1/segments/nightly_buyers/recompute", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonObject Order(string user, int hours) => SegmentTestServer.Track(user, "Order Completed", Now.AddHours(hours));

    private static JsonObject Consent(string user, string purpose, bool granted, int hours) => SegmentTestServer.Track(user, "Consent Updated", Now.AddHours(hours), new JsonObject
    {
        ["consents"] = new JsonArray(new JsonObject { ["purpose"] = purpose, ["granted"] = granted }),
    });
}

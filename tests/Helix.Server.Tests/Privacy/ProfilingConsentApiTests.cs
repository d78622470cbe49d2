using System.Text.Json.Nodes;
using Helix.Server.Tests.Segments;
using Helix.Testing;

namespace Helix.Server.Tests.Privacy;

/// <summary>A refused <c>profiling</c> consent through the real server: no tags while it stands, across a restart, back with a grant.</summary>
public sealed class ProfilingConsentApiTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private const string Definitions = """
        {
          "computedTraits": [{"name": "orders", "function": "count", "event": "Order Completed"}],
          "categories": [{"name": "value"}],
          "tags": [{"name": "buyer", "kind": "rule", "category": "value", "when": {"computed": "orders", "op": "gte", "value": 1}}]
        }
        """;

    [Fact]
    public async Task Refusal_RemovesTags_AcrossARestart_AndAGrantBringsThemBack()
    {
        using var directory = new TempDirectory("helix-profiling-consent");
        await using (var first = await HelixTestServer.StartAsync(directory.Path))
        {
            // u2 refuses before the workspace has any definitions: tags defined later must not reach them.
            await first.SendAsync(Order("u2", -5), Profiling("u2", false, -4));
            using var put = await first.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(Definitions));
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            await first.SendAsync(Order("u1", -3));
            Assert.Equal(["buyer"], await TagsAsync(first, "u1"));

            await first.SendAsync(Profiling("u1", false, -2));

            Assert.Empty(await TagsAsync(first, "u1"));
            Assert.Empty(await TagsAsync(first, "u2"));
            var lost = (await first.GetJsonAsync($"/api/v1/profiles/{await first.PersonIdAsync("u1")}/tag-history"))[0];
            Assert.Equal(("buyer", "lost"), (lost.GetProperty("tag").GetString(), lost.GetProperty("change").GetString()));
            Assert.StartsWith("consent profiling refused (event ", lost.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        await using var second = await HelixTestServer.StartAsync(directory.Path);
        await second.SendAsync(Order("u1", -1));
        Assert.Empty(await TagsAsync(second, "u1"));

        await second.SendAsync(Profiling("u1", true, 0));

        Assert.Equal(["buyer"], await TagsAsync(second, "u1"));
        Assert.Empty(await TagsAsync(second, "u2"));
    }

    private static JsonObject Order(string user, int hours) => SegmentTestServer.Track(user, "Order Completed", Now.AddHours(hours));

    private static JsonObject Profiling(string user, bool granted, int hours) => SegmentTestServer.Track(user, "Consent Updated", Now.AddHours(hours), new JsonObject
    {
        ["consents"] = new JsonArray(new JsonObject { ["purpose"] = "profiling", ["granted"] = granted }),
    });

    private static async Task<List<string>> TagsAsync(HelixTestServer server, string user) =>
        [.. (await server.GetJsonAsync($"/api/v1/profiles/lookup?type=user_id&value={user}")).GetProperty("tags").EnumerateObject().Select(t => t.Name)];
}

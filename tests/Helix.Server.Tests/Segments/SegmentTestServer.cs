using System.Text.Json;
using System.Text.Json.Nodes;

namespace Helix.Server.Tests.Segments;

/// <summary>What segment tests do against a test server: define, send, read.</summary>
internal static class SegmentTestServer
{
    public static async Task<JsonElement> PutSegmentAsync(this HelixTestServer server, string name, string body)
    {
        using var response = await server.Admin.PutAsync($"/api/v1/segments/{name}", HttpJson.Body(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static async Task<List<string>> MembersAsync(this HelixTestServer server, string segment) =>
        [.. (await server.GetJsonAsync($"/api/v1/segments/{segment}/members?limit=1000")).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("personId").GetString()!)];

    public static async Task SendAsync(this HelixTestServer server, params JsonObject[] messages)
    {
        (await server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = new JsonArray(messages) }.ToJsonString())).EnsureSuccessStatusCode();
        await server.FlushAsync();
    }

    public static JsonObject Track(string user, string name, DateTimeOffset at, JsonObject? properties = null) => new()
    {
        ["type"] = "track", ["userId"] = user, ["event"] = name, ["timestamp"] = at.ToString("O"), ["properties"] = properties ?? [],
    };

    public static JsonObject Identify(string user, DateTimeOffset at, JsonObject traits) => new()
    {
        ["type"] = "identify", ["userId"] = user, ["timestamp"] = at.ToString("O"), ["traits"] = traits,
    };

    public static async Task<JsonElement> GetJsonAsync(this HelixTestServer server, string path)
    {
        using var response = await server.Admin.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    public static async Task<string> PersonIdAsync(this HelixTestServer server, string user) =>
        (await server.GetJsonAsync($"/api/v1/profiles/lookup?type=user_id&value={user}")).GetProperty("personId").GetString()!;
}

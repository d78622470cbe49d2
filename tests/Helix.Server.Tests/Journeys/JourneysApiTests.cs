using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Journeys;

/// <summary>Journeys through the real server and store: versions, the lifecycle, checked definitions, roles and workspaces.</summary>
public sealed class JourneysApiTests(JourneysApiTests.World world) : IClassFixture<JourneysApiTests.World>
{
    private const string Care = """
        {"name": "care", "entry": {"kind": "event", "event": "Order Completed"}, "reentry": "afterExit",
         "quietHours": {"from": "21:00", "to": "09:00"}, "whenBlocked": "postpone", "start": "wait",
         "steps": [
           {"id": "wait", "kind": "wait", "duration": "72h", "next": "gold"},
           {"id": "gold", "kind": "condition", "when": "trait(\"tier\") = \"gold\"", "then": "sms", "else": "done"},
           {"id": "sms", "kind": "action", "connector": "sms", "parameters": {"connection": "aliyun", "template": "CARE"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    private readonly HelixTestServer _server = world.Server;

    /// <summary>A server with one saved segment, which journeys may enter by.</summary>
    public sealed class World() : SeededServer(new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero)))
    {
        protected override async Task SeedAsync(HelixTestServer server)
        {
            using var segment = await server.Admin.PutAsync("/api/v1/segments/buyers", HttpJson.Body("""{"when": "did(\"Order Completed\")"}"""));
            segment.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Saving_KeepsEveryVersion_AndTheLatestIsCurrent()
    {
        var first = await PutAsync("care_versions", Care);
        var second = await PutAsync("care_versions", Care.Replace("72h", "48h", StringComparison.Ordinal));

        Assert.Equal(("draft", 1), (first.GetProperty("status").GetString(), first.GetProperty("version").GetInt32()));
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        var journey = await GetAsync("/api/v1/journeys/care_versions");
        Assert.Equal("48h", journey.GetProperty("definition").GetProperty("steps")[0].GetProperty("duration").GetString());
        Assert.Equal([2, 1], journey.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Contains("care_versions", (await GetAsync("/api/v1/journeys")).EnumerateArray().Select(j => j.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Lifecycle_GoesDraftLivePausedArchived_AndArchivedIsFinal()
    {
        await PutAsync("care_life", Care);

        Assert.Equal(HttpStatusCode.Conflict, await StatusAsync("care_life", "paused"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("care_life", "live"));
        // Editing a live journey makes a new version; it stays live.
        Assert.Equal(("live", 2), Pair(await PutAsync("care_life", Care.Replace("72h", "24h", StringComparison.Ordinal))));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("care_life", "paused"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("care_life", "live"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("care_life", "archived"));
        Assert.Equal(HttpStatusCode.Conflict, await StatusAsync("care_life", "live"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync("care_life", "draft"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("nobody", "live"));
        using var again = await _server.Admin.PutAsync("/api/v1/journeys/care_life", HttpJson.Body(Named(Care, "care_life")));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("\"next\": \"done\"}", "\"next\": \"wait\"}", "steps[2].next")]
    [InlineData("trait(\\\"tier\\\") = \\\"gold\\\"", "tag(\\\"no_such_tag\\\")", "steps[1].when")]
    [InlineData("{\"kind\": \"event\", \"event\": \"Order Completed\"}", "{\"kind\": \"segmentEntered\", \"segment\": \"nobody_saved_this\"}", "entry.segment")]
    [InlineData("\"name\": \"care\"", "\"name\": \"other_name\"", "name")]
    [InlineData("\"template\": \"CARE\"", "\"template\": \"Hi {{ traits.name \"", "steps[2].parameters.template")]
    public async Task ABadDefinition_Is400NamingTheField_AndNothingIsSaved(string find, string replace, string field)
    {
        var json = Care.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Care, json);

        using var response = await _server.Admin.PutAsync("/api/v1/journeys/care", HttpJson.Body(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync("/api/v1/journeys/care")).StatusCode);
    }

    [Fact]
    public async Task ASegmentEntry_NamesASavedSegment()
    {
        var journey = await PutAsync("care_segment", Care.Replace("{\"kind\": \"event\", \"event\": \"Order Completed\"}", "{\"kind\": \"segmentEntered\", \"segment\": \"buyers\"}", StringComparison.Ordinal));

        Assert.Equal("segmentEntered", journey.GetProperty("definition").GetProperty("entry").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task AnAnalystReadsJourneys_ButCannotSaveThem_AndOtherWorkspacesSeeNone()
    {
        await PutAsync("care_roles", Care);
        using var analyst = await _server.RoleClientAsync("analyst", "hxk_journeys_analyst");
        var other = await _server.OtherWorkspaceAdminAsync(new Helix.Core.Workspaces.WorkspaceId("ws_journeys"), "hxk_journeys_other");

        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/v1/journeys/care_roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsync("/api/v1/journeys/care_roles", HttpJson.Body(Named(Care, "care_roles")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/journeys/care_roles")).StatusCode);
        Assert.Empty((await (await other.GetAsync("/api/v1/journeys")).ReadJsonAsync()).EnumerateArray());
    }

    private static (string, int) Pair(JsonElement journey) => (journey.GetProperty("status").GetString()!, journey.GetProperty("version").GetInt32());

    private static string Named(string json, string name)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node["name"] = name;
        return node.ToJsonString();
    }

    private async Task<JsonElement> PutAsync(string name, string json)
    {
        using var response = await _server.Admin.PutAsync($"/api/v1/journeys/{name}", HttpJson.Body(Named(json, name)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _server.Admin.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<HttpStatusCode> StatusAsync(string name, string status)
    {
        using var response = await _server.Admin.PostAsync($"/api/v1/journeys/{name}/status", HttpJson.Body($$"""{"status": "{{status}}"}"""));
        return response.StatusCode;
    }
}

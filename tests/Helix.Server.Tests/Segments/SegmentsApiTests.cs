using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Segments;

/// <summary>Saved segments end to end: defined through the API, kept current by the pipeline from events, merges and the clock.</summary>
public sealed class SegmentsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private HelixTestServer _server = null!;

    private const string Definitions = """
        {
          "computedTraits": [{"name": "spend_total", "function": "sum", "event": "Order Completed", "of": "properties.total"}],
          "categories": [{"name": "value"}],
          "tags": [{"name": "big_spender", "kind": "rule", "category": "value", "when": {"computed": "spend_total", "op": "gte", "value": 500}}]
        }
        """;

    public async Task InitializeAsync()
    {
        _server = await HelixTestServer.StartAsync(timeProvider: _time);
        using var response = await _server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(Definitions));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RealtimeSegment_FollowsEvents_AndRecordsEntries()
    {
        var segment = await PutSegmentAsync("repeat_buyers", """{"mode": "realtime", "when": "did(\"Order Completed\", count >= 2, within 30d)"}""");
        Assert.Equal("did(\"Order Completed\", count >= 2, within 30d)", segment.GetProperty("text").GetString());

        await OrderAsync("u1", 100, Now);
        Assert.Empty(await MembersAsync("repeat_buyers"));
        await OrderAsync("u1", 50, Now);
        await OrderAsync("u2", 50, Now);

        var members = await MembersAsync("repeat_buyers");
        Assert.Single(members);
        var history = await GetJsonAsync("/api/v1/segments/repeat_buyers/history");
        var entry = Assert.Single(history.EnumerateArray());
        Assert.Equal("Segment Entered", entry.GetProperty("event").GetString());
        Assert.Equal(members[0], entry.GetProperty("personId").GetString());
        Assert.StartsWith("event ", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await GetJsonAsync("/api/v1/segments/repeat_buyers")).GetProperty("members").GetInt64());
        var profile = await GetJsonAsync("/api/v1/profiles/lookup?type=user_id&value=u1");
        Assert.Equal(["repeat_buyers"], profile.GetProperty("segments").EnumerateObject().Select(s => s.Name));
    }

    [Fact]
    public async Task RealtimeSegment_ExitsWhenItsWindowExpires()
    {
        await PutSegmentAsync("recent", """{"when": {"did": {"event": "Order Completed", "within": "2d"}}}""");
        await OrderAsync("u1", 10, Now);
        Assert.Single(await MembersAsync("recent"));

        // 2d is today and yesterday in UTC+8: Now (12:00 on 1 Nov there) stays in until midnight ending 2 Nov.
        _time.Advance(TimeSpan.FromHours(35));
        Assert.Single(await MembersAsync("recent"));
        _time.Advance(TimeSpan.FromHours(1));
        await WaitUntilAsync(async () => (await MembersAsync("recent")).Count == 0);

        var exit = (await GetJsonAsync("/api/v1/segments/recent/history")).EnumerateArray().First();
        Assert.Equal(("Segment Exited", "window expiry"), (exit.GetProperty("event").GetString(), exit.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task RealtimeSegment_ReadsTagsAndOtherSegments_AndCombinesMergedPersons()
    {
        await PutSegmentAsync("buyers", """{"when": "did(\"Order Completed\")"}""");
        await PutSegmentAsync("vip", """{"when": "segment(\"buyers\") and tag(\"big_spender\")"}""");
        await OrderAsync("u1", 300, Now);
        await SendAsync(new JsonObject { ["type"] = "track", ["anonymousId"] = "cookie-7", ["event"] = "Order Completed", ["timestamp"] = Now.ToString("O"),
            ["properties"] = new JsonObject { ["total"] = 250 } });
        Assert.Empty(await MembersAsync("vip"));
        Assert.Equal(2, (await MembersAsync("buyers")).Count);

        await SendAsync(new JsonObject { ["type"] = "identify", ["userId"] = "u1", ["anonymousId"] = "cookie-7", ["timestamp"] = Now.ToString("O") });

        Assert.Single(await MembersAsync("vip"));
        Assert.Single(await MembersAsync("buyers"));
    }

    [Fact]
    public async Task SegmentDefinedAfterEvents_IsBuiltFromHistory()
    {
        await OrderAsync("u1", 100, Now);
        await OrderAsync("u1", 100, Now);

        await PutSegmentAsync("repeat", """{"when": "did(\"Order Completed\", count >= 2)"}""");

        Assert.Single(await MembersAsync("repeat"));
        var entry = Assert.Single((await GetJsonAsync("/api/v1/segments/repeat/history")).EnumerateArray());
        Assert.Equal("definitions v2", entry.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Membership_SurvivesARestart()
    {
        using var directory = new Helix.Testing.TempDirectory("helix-segments");
        await _server.DisposeAsync();
        _server = await HelixTestServer.StartAsync(dataDirectory: directory.Path, timeProvider: _time);
        using (var response = await _server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(Definitions)))
        {
            response.EnsureSuccessStatusCode();
        }

        await PutSegmentAsync("buyers", """{"when": "did(\"Order Completed\", count >= 2)"}""");
        await OrderAsync("u1", 100, Now);
        await OrderAsync("u1", 100, Now);
        var since = (await GetJsonAsync("/api/v1/segments/buyers/members")).GetProperty("members")[0].GetProperty("since").GetDateTimeOffset();

        await _server.DisposeAsync();
        _server = await HelixTestServer.StartAsync(dataDirectory: directory.Path, timeProvider: _time);
        await OrderAsync("u1", 100, Now);

        var member = Assert.Single((await GetJsonAsync("/api/v1/segments/buyers/members")).GetProperty("members").EnumerateArray());
        Assert.Equal(since, member.GetProperty("since").GetDateTimeOffset());
        Assert.Single((await GetJsonAsync("/api/v1/segments/buyers/history")).EnumerateArray());
        await _server.DisposeAsync();
        _server = await HelixTestServer.StartAsync(timeProvider: _time);
    }

    [Theory]
    [InlineData("""{"when": "did(\"Order Completed\", count >= )"}""", "when", "1:33")]
    [InlineData("""{"mode": "sometimes", "when": "did(\"A\")"}""", "mode", "realtime")]
    [InlineData("""{"when": {"computed": "nope", "op": "gt", "value": 1}}""", "when", "nope")]
    [InlineData("""{"when": "tag(\"nope\")"}""", "when", "nope")]
    [InlineData("""{"when": "segment(\"nope\")"}""", "when", "nope")]
    [InlineData("""{"when": "did(\"A\") then did(\"B\") within 7d"}""", "when", "scheduled")]
    [InlineData("""{"mode": "realtime", "schedule": "0 3 * * *", "when": "did(\"A\")"}""", "schedule", "real-time")]
    [InlineData("""{"mode": "scheduled", "schedule": "every day", "when": "did(\"A\")"}""", "schedule", "cron")]
    [InlineData("""{"when": "did(\"A\")", "colour": "red"}""", "colour", "not a field")]
    public async Task InvalidSegment_Is400NamingTheField_AndChangesNothing(string body, string field, string says)
    {
        using var response = await _server.Admin.PutAsync("/api/v1/segments/bad", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        var error = problem.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == field);
        Assert.Contains(says, error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty((await GetJsonAsync("/api/v1/segments")).EnumerateArray());
    }

    [Fact]
    public async Task WhatASegmentReads_CannotBeDeletedFromUnderIt()
    {
        await PutSegmentAsync("buyers", """{"when": "did(\"Order Completed\")"}""");
        await PutSegmentAsync("vip", """{"when": "segment(\"buyers\") and tag(\"big_spender\") and computed(\"spend_total\") > 100"}""");

        using (var response = await _server.Admin.DeleteAsync("/api/v1/segments/buyers"))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        using (var response = await _server.Admin.DeleteAsync("/api/v1/tags/big_spender"))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("segment vip", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var response = await _server.Admin.DeleteAsync("/api/v1/computed-traits/spend_total"))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        using (var response = await _server.Admin.DeleteAsync("/api/v1/segments/vip"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using (var response = await _server.Admin.DeleteAsync("/api/v1/segments/buyers"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    [Fact]
    public async Task Segments_AreScopedToTheWorkspace()
    {
        await PutSegmentAsync("buyers", """{"when": "did(\"Order Completed\")"}""");
        await OrderAsync("u1", 100, Now);
        var other = await _server.OtherWorkspaceAdminAsync(new Helix.Core.Workspaces.WorkspaceId("ws_other"), "hxk_other_admin");

        Assert.Empty((await (await other.GetAsync("/api/v1/segments")).ReadJsonAsync()).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/segments/buyers/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/v1/segments")).StatusCode);
    }

    private async Task<JsonElement> PutSegmentAsync(string name, string body)
    {
        using var response = await _server.Admin.PutAsync($"/api/v1/segments/{name}", HttpJson.Body(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<List<string>> MembersAsync(string segment) =>
        [.. (await GetJsonAsync($"/api/v1/segments/{segment}/members")).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("personId").GetString()!)];

    private async Task OrderAsync(string user, int total, DateTimeOffset at) =>
        await SendAsync(new JsonObject
        {
            ["type"] = "track", ["userId"] = user, ["event"] = "Order Completed", ["timestamp"] = at.ToString("O"),
            ["properties"] = new JsonObject { ["total"] = total },
        });

    private async Task SendAsync(JsonObject message)
    {
        (await _server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = new JsonArray(message) }.ToJsonString())).EnsureSuccessStatusCode();
        await _server.FlushAsync();
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _server.Admin.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    /// <summary>The pipeline sweeps expired windows about once a second of real time: wait for it, at most ten seconds.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await condition());
    }
}

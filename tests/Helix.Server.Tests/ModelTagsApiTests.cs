using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests;

/// <summary>Model tags end to end: runs on demand and on the workspace's schedule, their progress, and every model's labels on profiles.</summary>
public sealed class ModelTagsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly Helix.Testing.TempDirectory _directory = new("helix-model-tags");
    private HelixTestServer _server = null!;

    private static string Definitions(string models) => $$"""
        {
          "settings": {"models": {{models}}},
          "categories": [{"name": "models", "description": "Model outputs"}],
          "tags": [
            {"name": "rfm_group", "kind": "model", "category": "models", "model": "rfm"},
            {"name": "stage", "kind": "model", "category": "models", "model": "lifecycle"},
            {"name": "aipl", "kind": "model", "category": "models", "model": "aipl"},
            {"name": "clv_tier", "kind": "model", "category": "models", "model": "clv"},
            {"name": "churn_risk", "kind": "model", "category": "models", "model": "churn"}
          ]
        }
        """;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    private Task<HelixTestServer> StartAsync() =>
        HelixTestServer.StartAsync(_directory.Path, _time, o => o with { ModelScheduleCheckInterval = TimeSpan.FromMilliseconds(50) });

    [Fact]
    public async Task RefreshAndWait_LabelsEveryPersonWithEachModel()
    {
        await ArrangeCustomersAsync();

        using var response = await _server.Admin.PostAsync("/api/v1/tags/models/refresh?wait=true", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.ReadJsonAsync();
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("manual", run.GetProperty("trigger").GetString());
        Assert.Equal(5, run.GetProperty("progress").GetProperty("done").GetInt32());
        var steps = run.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("tag").GetString()!);
        Assert.All(steps.Values, s => Assert.True(s.GetProperty("status").GetString() == "applied", s.ToString()));
        Assert.Equal(42, steps["rfm_group"].GetProperty("persons").GetInt32()); // buyers only
        Assert.Equal(45, steps["stage"].GetProperty("persons").GetInt32()); // everyone seen
        Assert.Equal(44, steps["aipl"].GetProperty("persons").GetInt32()); // everyone active within 365 days
        Assert.Equal(42, steps["clv_tier"].GetProperty("persons").GetInt32());

        var loyal = await TagsAsync("loyal");
        Assert.Equal("loyalty", loyal["aipl"]);
        Assert.Equal("high", loyal["clv_tier"]);
        Assert.Equal("low", loyal["churn_risk"]);
        Assert.Equal("active", loyal["stage"]);
        Assert.StartsWith("important_", loyal["rfm_group"], StringComparison.Ordinal);

        var lapsed = await TagsAsync("lapsed_once");
        Assert.Equal("purchase", lapsed["aipl"]);
        Assert.Equal("churned", lapsed["stage"]);
        Assert.Equal("high", lapsed["churn_risk"]); // one order 300 days ago: the lifecycle clock decides

        Assert.Equal(new Dictionary<string, string> { ["aipl"] = "interest", ["stage"] = "new" }, await TagsAsync("viewer"));
        Assert.Equal(new Dictionary<string, string> { ["aipl"] = "awareness", ["stage"] = "new" }, await TagsAsync("visitor"));
        Assert.Equal(new Dictionary<string, string> { ["stage"] = "churned" }, await TagsAsync("ancient"));

        var clvTiers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => TagsAsync($"b{i}")));
        Assert.InRange(clvTiers.Count(t => t["clv_tier"] == "high"), 7, 10); // ~20 % of 42 buyers, ties kept together
    }

    [Fact]
    public async Task PersonsRefusingProfiling_AreNeitherTaggedNorCountedByTheRun()
    {
        await ArrangeCustomersAsync();
        var refusal = Track("loyal", "Consent Updated", 1);
        refusal["properties"] = JsonNode.Parse("""{"consents": [{"purpose": "profiling", "granted": false}]}""");
        await SendAsync([refusal]);

        var run = await RefreshAsync();

        var steps = run.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("tag").GetString()!, s => s.GetProperty("persons").GetInt32());
        Assert.Equal((41, 44, 43, 41), (steps["rfm_group"], steps["stage"], steps["aipl"], steps["clv_tier"])); // everyone's counts less one
        Assert.Empty(await TagsAsync("loyal"));
        foreach (var (tag, persons) in steps)
        {
            Assert.Equal((tag, persons), (tag, (await GetJsonAsync($"/api/v1/tags/{tag}")).GetProperty("persons").GetInt32()));
        }
    }

    [Fact]
    public async Task Refresh_Returns202_AndTheRunCanBePolledToItsEnd()
    {
        await ArrangeCustomersAsync();

        using var response = await _server.Admin.PostAsync("/api/v1/tags/models/refresh", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetString();
        Assert.Equal($"/api/v1/tags/models/runs/{id}", location);
        var run = await PollAsync(location, r => r.GetProperty("status").GetString() != "running");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(5, run.GetProperty("progress").GetProperty("total").GetInt32());

        var list = await GetJsonAsync("/api/v1/tags/models/runs");
        Assert.Equal(id, list.GetProperty("runs")[0].GetProperty("id").GetString());
        using var missing = await _server.Admin.GetAsync("/api/v1/tags/models/runs/mrun_nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ModelsThatCannotBeFitted_AreSkippedWithTheReason()
    {
        await PutDefinitionsAsync(Definitions("""{"revenue": "total"}"""));
        await SendAsync([Order("only", 1, 100)]);

        var run = await RefreshAsync();

        var steps = run.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("tag").GetString()!);
        Assert.Equal("skipped", steps["clv_tier"].GetProperty("status").GetString());
        Assert.Contains("repeat", steps["clv_tier"].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal("applied", steps["rfm_group"].GetProperty("status").GetString());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Schedule_RunsWhenDue_AndCatchesUpOnceAfterDowntime()
    {
        await PutDefinitionsAsync(Definitions("""{"revenue": "total", "schedule": "0 3 * * *", "lifecycle": {"newWindowDays": 3}}"""));
        await SendAsync([Order("u1", 2, 100)]);
        var before = await GetJsonAsync("/api/v1/tags/models/runs");
        Assert.Equal("0 3 * * *", before.GetProperty("schedule").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 19, 0, 0, TimeSpan.Zero), before.GetProperty("nextRunAt").GetDateTimeOffset()); // 03:00 UTC+8
        Assert.Equal(0, before.GetProperty("runs").GetArrayLength());

        _time.Advance(TimeSpan.FromHours(15) + TimeSpan.FromSeconds(1));
        var runs = await PollAsync("/api/v1/tags/models/runs", r => r.GetProperty("runs").GetArrayLength() == 1 && r.GetProperty("runs")[0].GetProperty("status").GetString() == "succeeded");
        Assert.Equal("schedule", runs.GetProperty("runs")[0].GetProperty("trigger").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 19, 0, 0, TimeSpan.Zero), runs.GetProperty("nextRunAt").GetDateTimeOffset());
        Assert.Equal("new", (await TagsAsync("u1"))["stage"]);

        // Three missed days while stopped: one catch-up run at start, not three.
        await _server.DisposeAsync();
        _time.Advance(TimeSpan.FromDays(3));
        _server = await StartAsync();
        runs = await PollAsync("/api/v1/tags/models/runs", r => r.GetProperty("runs").GetArrayLength() == 2 && r.GetProperty("runs")[0].GetProperty("status").GetString() == "succeeded");
        Assert.Equal(2, runs.GetProperty("runs").GetArrayLength());
        Assert.Equal("schedule", runs.GetProperty("runs")[0].GetProperty("trigger").GetString());
        // Due again only at the next 03:00 after the catch-up run (ModelSettings.DueAt, the scheduler's own rule).
        Assert.Equal(new DateTimeOffset(2026, 11, 5, 19, 0, 0, TimeSpan.Zero), runs.GetProperty("nextRunAt").GetDateTimeOffset());
        Assert.Equal("active", (await TagsAsync("u1"))["stage"]);
    }

    [Fact]
    public async Task BadSettings_AreRefusedNamingTheField()
    {
        using var response = await _server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(Definitions("""{"schedule": "at three"}""")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "settings.models.schedule");
    }

    private async Task ArrangeCustomersAsync()
    {
        await PutDefinitionsAsync(Definitions("""{"revenue": "total"}"""));
        await SendAsync(Customers());
    }

    /// <summary>40 ordinary buyers, a loyal big spender, a one-time buyer who lapsed, a browser, a visitor and someone last seen over a year ago.</summary>
    private static List<JsonObject> Customers()
    {
        var messages = new List<JsonObject>();
        for (var i = 0; i < 40; i++)
        {
            var first = 60 + (i * 13 % 280);
            var gap = 10 + (i % 4 * 15);
            for (var (day, n) = (first, 0); day > 0 && n <= i % 6; day -= gap, n++)
            {
                messages.Add(Order($"b{i}", day, 50 + (i * 37 % 400)));
            }
        }

        messages.AddRange(Enumerable.Range(0, 6).Select(n => Order("loyal", 3 + (n * 30), 900)));
        messages.Add(Order("lapsed_once", 300, 120));
        messages.Add(Track("viewer", "Product Viewed", 5));
        messages.Add(new JsonObject { ["type"] = "page", ["userId"] = "visitor", ["name"] = "Home", ["timestamp"] = Now.AddDays(-5).ToString("O") });
        messages.Add(new JsonObject { ["type"] = "page", ["userId"] = "ancient", ["name"] = "Home", ["timestamp"] = Now.AddDays(-400).ToString("O") });
        return messages;
    }

    private static JsonObject Order(string user, int daysAgo, int total)
    {
        var order = Track(user, "Order Completed", daysAgo);
        order["properties"] = new JsonObject { ["total"] = total };
        return order;
    }

    private static JsonObject Track(string user, string name, int daysAgo) =>
        new() { ["type"] = "track", ["userId"] = user, ["event"] = name, ["timestamp"] = Now.AddDays(-daysAgo).ToString("O") };

    private async Task SendAsync(IEnumerable<JsonObject> messages)
    {
        foreach (var chunk in messages.Chunk(100))
        {
            (await _server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = new JsonArray([.. chunk]) }.ToJsonString())).EnsureSuccessStatusCode();
        }

        await _server.FlushAsync();
    }

    private async Task PutDefinitionsAsync(string json)
    {
        using var response = await _server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(json));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> RefreshAsync()
    {
        using var response = await _server.Admin.PostAsync("/api/v1/tags/models/refresh?wait=true", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<Dictionary<string, string>> TagsAsync(string user) =>
        (await GetJsonAsync($"/api/v1/profiles/lookup?type=user_id&value={user}")).GetProperty("tags").EnumerateObject()
            .ToDictionary(t => t.Name, t => t.Value.GetProperty("value").GetString()!);

    private async Task<JsonElement> PollAsync(string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var json = await GetJsonAsync(path);
            if (done(json) || DateTime.UtcNow > deadline)
            {
                return json;
            }

            await Task.Delay(50);
        }
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _server.Admin.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }
}

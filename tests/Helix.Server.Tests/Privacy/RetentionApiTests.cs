using System.Net;
using System.Text;
using System.Text.Json;
using Helix.Testing;

namespace Helix.Server.Tests.Privacy;

public sealed class RetentionApiTests : IDisposable
{
    private const string Policies = """{"policies":[{"type":"page","days":180},{"event":"Product Viewed","days":30}]}""";
    private readonly TempDirectory _directory = new("helix-retention");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Run_RemovesExpiredEventsFromStoreAndLog_AndKeepsTheRest()
    {
        string personId;
        await using (var server = await HelixTestServer.StartAsync(_directory.Path))
        {
            (await server.Admin.PutAsync("/api/v1/privacy/retention", HttpJson.Body(Policies))).EnsureSuccessStatusCode();
            await SendEventsAsync(server);
            await server.FlushAsync();
            personId = (await (await server.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=M-ret")).ReadJsonAsync()).GetProperty("personId").GetString()!;

            using var ran = await server.Admin.PostAsync("/api/v1/privacy/retention/runs", null);
            Assert.Equal(HttpStatusCode.OK, ran.StatusCode);
            var run = await ran.ReadJsonAsync();

            Assert.Equal([1L, 1L], run.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("removed").GetInt64()));
            Assert.Equal("api", run.GetProperty("trigger").GetString());
            Assert.Equal(["kept-order", "kept-page", "kept-view"], await MarkersAsync(server, personId));
            var log = LogText();
            Assert.DoesNotContain("expired-page", log, StringComparison.Ordinal);
            Assert.DoesNotContain("expired-view", log, StringComparison.Ordinal);
            Assert.Contains("kept-order", log, StringComparison.Ordinal);

            using var again = await server.Admin.PostAsync("/api/v1/privacy/retention/runs", null);
            Assert.Equal(0, (await again.ReadJsonAsync()).GetProperty("policies").EnumerateArray().Sum(p => p.GetProperty("removed").GetInt64()));
        }

        await using var restarted = await HelixTestServer.StartAsync(_directory.Path);
        await restarted.FlushAsync();
        Assert.Equal(["kept-order", "kept-page", "kept-view"], await MarkersAsync(restarted, personId));
        // The two runs asked for survive the restart; the scheduler's own first run (5 s after a start) may add more on a slow machine.
        var runs = await (await restarted.Admin.GetAsync("/api/v1/privacy/retention/runs")).ReadJsonAsync();
        Assert.Equal(2, runs.EnumerateArray().Count(r => r.GetProperty("trigger").GetString() == "api"));
        var policies = await (await restarted.Admin.GetAsync("/api/v1/privacy/retention")).ReadJsonAsync();
        Assert.Equal(180, policies.GetProperty("policies")[0].GetProperty("days").GetInt32());
    }

    [Fact]
    public async Task Scheduler_EnforcesPoliciesWithoutBeingAsked()
    {
        await using var server = await HelixTestServer.StartAsync(_directory.Path, configure: o => o with { RetentionInterval = TimeSpan.FromMilliseconds(200) });
        await SendEventsAsync(server);
        await server.FlushAsync();
        (await server.Admin.PutAsync("/api/v1/privacy/retention", HttpJson.Body(Policies))).EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement runs;
        do
        {
            await Task.Delay(200);
            runs = await (await server.Admin.GetAsync("/api/v1/privacy/retention/runs")).ReadJsonAsync();
        }
        while (!runs.EnumerateArray().Any(r => r.GetProperty("policies").EnumerateArray().Sum(p => p.GetProperty("removed").GetInt64()) == 2) && DateTime.UtcNow < deadline);

        Assert.Contains(runs.EnumerateArray(), r => r.GetProperty("trigger").GetString() == "schedule"
            && r.GetProperty("policies").EnumerateArray().Sum(p => p.GetProperty("removed").GetInt64()) == 2);
        Assert.DoesNotContain("expired-page", LogText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""", "policies")]
    [InlineData("""{"policies":[{"days":10}]}""", "policies[0]")]
    [InlineData("""{"policies":[{"type":"clicks","days":10}]}""", "policies[0].type")]
    [InlineData("""{"policies":[{"type":"page","days":0}]}""", "policies[0].days")]
    [InlineData("""{"policies":[{"type":"page","days":9},{"type":"page","days":10}]}""", "policies[1]")]
    public async Task BadPolicies_AreRefusedNamingTheField_AndChangeNothing(string body, string field)
    {
        await using var server = await HelixTestServer.StartAsync(_directory.Path);

        using var response = await server.Admin.PutAsync("/api/v1/privacy/retention", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"field\":\"{field}\"", (await response.ReadJsonAsync()).GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await server.Admin.GetAsync("/api/v1/privacy/retention")).ReadJsonAsync()).GetProperty("policies").GetArrayLength());
    }

    private static async Task SendEventsAsync(HelixTestServer server)
    {
        var old = DateTimeOffset.UtcNow.AddDays(-200).ToString("O");
        var recent = DateTimeOffset.UtcNow.AddDays(-10).ToString("O");
        string[] messages =
        [
            $$"""{"type":"page","userId":"M-ret","name":"Home","properties":{"marker":"expired-page"},"timestamp":"{{old}}","messageId":"r-1"}""",
            $$"""{"type":"page","userId":"M-ret","name":"Home","properties":{"marker":"kept-page"},"timestamp":"{{recent}}","messageId":"r-2"}""",
            $$"""{"type":"track","userId":"M-ret","event":"Product Viewed","properties":{"marker":"expired-view"},"timestamp":"{{DateTimeOffset.UtcNow.AddDays(-31):O}}","messageId":"r-3"}""",
            $$"""{"type":"track","userId":"M-ret","event":"Product Viewed","properties":{"marker":"kept-view"},"timestamp":"{{DateTimeOffset.UtcNow.AddDays(-29):O}}","messageId":"r-4"}""",
            $$"""{"type":"track","userId":"M-ret","event":"Order Completed","properties":{"marker":"kept-order","total":10},"timestamp":"{{old}}","messageId":"r-5"}""",
        ];
        (await server.Collect.PostJsonAsync("/v1/batch", $$"""{"batch":[{{string.Join(",", messages)}}]}""")).EnsureSuccessStatusCode();
    }

    private static async Task<string[]> MarkersAsync(HelixTestServer server, string personId)
    {
        var timeline = await (await server.Admin.GetAsync($"/api/v1/profiles/{personId}/events?limit=100")).ReadJsonAsync();
        return timeline.GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("properties").GetProperty("marker").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private string LogText() =>
        string.Concat(Directory.EnumerateFiles(Path.Combine(_directory.Path, HelixServer.LogDirectoryName))
            .Where(f => Path.GetFileName(f) != "LOCK")
            .Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
}

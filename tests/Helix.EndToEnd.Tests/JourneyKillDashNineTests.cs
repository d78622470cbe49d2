using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helix.Testing;

namespace Helix.EndToEnd.Tests;

/// <summary>
/// Exactly-once actions, checked on a real process: a journey issuing a coupon to 10⁴ people is <c>kill -9</c>ed while
/// sending; after the restart every person has exactly one coupon and the outbox has nothing left to do.
/// </summary>
public sealed class JourneyKillDashNineTests
{
    private const string AdminKey = "hxk_e2e_journey_admin";
    private const string WriteKey = "hxw_e2e_journey_write";
    private const int People = 10_000;
    private const int BatchSize = 500;

    private const string Journey = """
        {"name": "welcome", "entry": {"kind": "event", "event": "Joined"}, "start": "coupon",
         "steps": [
           {"id": "coupon", "kind": "action", "connector": "coupon", "parameters": {"couponId": "WELCOME"}, "next": "done"},
           {"id": "done", "kind": "exit"}]}
        """;

    [Fact]
    public async Task KillWhileSending_EveryPersonGetsExactlyOneCoupon()
    {
        using var data = new TempDirectory("helix-journey-kill9");
        long deliveredAtKill;
        await using (var helix = await HelixProcess.StartAsync(data.Path, AdminKey, WriteKey))
        {
            using var client = new HelixClient(helix.BaseAddress, AdminKey, WriteKey);
            (await client.Admin.PutAsync("/api/v1/journeys/welcome", new StringContent(Journey, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await client.Admin.PostAsJsonAsync("/api/v1/journeys/welcome/status", new { status = "live" })).EnsureSuccessStatusCode();
            var now = DateTimeOffset.UtcNow;
            foreach (var batch in Enumerable.Range(0, People).Chunk(BatchSize))
            {
                var body = new { batch = batch.Select(i => new { type = "track", messageId = $"join-{i}", userId = $"member-{i}", @event = "Joined", timestamp = now }) };
                (await client.Collect.PostAsJsonAsync("/v1/batch", body)).EnsureSuccessStatusCode();
            }

            // Kill once sending is under way, not before and not after it finished.
            var deadline = DateTime.UtcNow.AddMinutes(3);
            do
            {
                await Task.Delay(20);
                deliveredAtKill = Delivered(await StatisticsAsync(client));
            }
            while (deliveredAtKill < 200 && DateTime.UtcNow < deadline);

            helix.Kill();
        }

        Assert.InRange(deliveredAtKill, 200, People - 1);
        await using (var helix = await HelixProcess.StartAsync(data.Path, AdminKey, WriteKey))
        {
            using var client = new HelixClient(helix.BaseAddress, AdminKey, WriteKey);
            var deadline = DateTime.UtcNow.AddMinutes(5);
            JsonElement statistics;
            do
            {
                await Task.Delay(200);
                statistics = await StatisticsAsync(client);
            }
            while (Delivered(statistics) < People && DateTime.UtcNow < deadline);

            Assert.Equal(People, statistics.GetProperty("entries").GetInt64());
            Assert.Equal(People, Delivered(statistics));
            await client.FlushAsync();
            var day = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(People, await CountAsync(client, day, "count"));
            Assert.Equal(People, await CountAsync(client, day, "unique"));
        }
    }

    private static async Task<JsonElement> StatisticsAsync(HelixClient client) =>
        await client.Admin.GetFromJsonAsync<JsonElement>("/api/v1/journeys/welcome/statistics");

    private static long Delivered(JsonElement statistics) =>
        statistics.GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("delivered").GetInt64()).SingleOrDefault();

    /// <summary>Coupon Received events in the store: their number, or the persons who have one.</summary>
    private static async Task<long> CountAsync(HelixClient client, string day, string metric)
    {
        using var response = await client.Admin.PostAsJsonAsync("/api/v1/analytics/trends",
            new { from = day, to = day, timeZone = "UTC", @event = "Coupon Received", metric });
        response.EnsureSuccessStatusCode();
        return (long)(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("series")[0].GetProperty("total").GetDecimal();
    }
}

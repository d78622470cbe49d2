using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Journeys.Runtime;
using Helix.Server.Tests.Segments;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests.Journeys;

/// <summary>Journeys driven through the API, with rounds run on demand instead of waiting for the hosted loops.</summary>
internal static class JourneyServer
{
    public static readonly string[] DeliveryStatuses = ["pending", "delivered", "dead", "withheld", "suppressed"];

    /// <summary>One runner round and one dispatch batch, twice: an entry's actions and what their events start are both done.</summary>
    public static async Task RunJourneysAsync(this HelixTestServer server)
    {
        for (var i = 0; i < 2; i++)
        {
            await server.App.Services.GetRequiredService<JourneyRunner>().RunRoundAsync(CancellationToken.None);
            await server.App.Services.GetRequiredService<JourneyDispatcher>().DispatchDueAsync(CancellationToken.None);
            await server.FlushAsync();
        }
    }

    public static async Task SaveJourneyAsync(this HelixTestServer server, string name, string json, bool live = true)
    {
        using var saved = await server.Admin.PutAsync($"/api/v1/journeys/{name}", HttpJson.Body(json));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        if (live)
        {
            using var status = await server.Admin.PostJsonAsync($"/api/v1/journeys/{name}/status", """{"status": "live"}""");
            Assert.True(status.IsSuccessStatusCode, await status.Content.ReadAsStringAsync());
        }
    }

    public static async Task EnterAsync(this HelixTestServer server, string journey, string user)
    {
        var entry = new JsonObject { ["identifier"] = new JsonObject { ["type"] = "user_id", ["value"] = user } };
        using var response = await server.Admin.PostJsonAsync($"/api/v1/journeys/{journey}/entries", entry.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every outbox row of the journey, whatever its status.</summary>
    public static async Task<List<JsonElement>> DeliveriesAsync(this HelixTestServer server, string journey)
    {
        var all = new List<JsonElement>();
        foreach (var status in DeliveryStatuses)
        {
            all.AddRange((await server.GetJsonAsync($"/api/v1/journeys/{journey}/deliveries?status={status}")).EnumerateArray());
        }

        return all;
    }

    public static async Task<List<JsonElement>> EventsAsync(this HelixTestServer server, string user, string? name = null)
    {
        var person = await server.PersonIdAsync(user);
        var page = await server.GetJsonAsync($"/api/v1/profiles/{person}/events?limit=1000");
        return [.. page.GetProperty("events").EnumerateArray().Where(e => name is null || (e.TryGetProperty("event", out var n) && n.GetString() == name))];
    }

    /// <summary>Issues a key of <paramref name="role"/> (for <paramref name="store"/> when given) and a client that sends it.</summary>
    public static async Task<HttpClient> KeyClientAsync(this HelixTestServer server, string role, string? store = null)
    {
        var request = new JsonObject { ["name"] = $"{role} {store}", ["role"] = role };
        if (store is not null)
        {
            request["store"] = store;
        }

        using var issued = await server.Admin.PostJsonAsync("/api/v1/access/keys", request.ToJsonString());
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.ReadJsonAsync()).GetProperty("key").GetString());
        return client;
    }
}

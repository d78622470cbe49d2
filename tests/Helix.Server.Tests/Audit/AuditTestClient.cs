using System.Text.Json;
using Helix.Server.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests.Audit;

internal static class AuditTestClient
{
    /// <summary>Waits until every entry queued so far is written: requests queue theirs before their response starts.</summary>
    public static Task FlushAuditAsync(this HelixTestServer server) =>
        server.App.Services.GetRequiredService<AuditWriter>().FlushAsync();

    public static async Task<List<JsonElement>> AuditAsync(this HelixTestServer server, HttpClient client, string query = "")
    {
        await server.FlushAuditAsync();
        using var response = await client.GetAsync("/api/v1/audit?limit=1000" + query);
        response.EnsureSuccessStatusCode();
        return [.. (await response.ReadJsonAsync()).GetProperty("entries").EnumerateArray()];
    }

    public static async Task<JsonElement> VerifyAuditAsync(this HelixTestServer server, HttpClient client)
    {
        await server.FlushAuditAsync();
        using var response = await client.GetAsync("/api/v1/audit/verify");
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    public static string Text(this JsonElement entry, string property) => entry.GetProperty(property).GetString()!;
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Helix.EndToEnd.Tests;

/// <summary>Collect and admin clients for a Helix at a base address.</summary>
internal sealed class HelixClient : IDisposable
{
    public HelixClient(Uri baseAddress, string adminKey, string writeKey)
    {
        Collect = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Collect.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        Admin = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    }

    public HttpClient Collect { get; }
    public HttpClient Admin { get; }

    public async Task FlushAsync()
    {
        using var response = await Admin.PostAsync("/api/v1/pipeline/flush?timeoutSeconds=90", null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonElement?> LookupAsync(string type, string value)
    {
        using var response = await Admin.GetAsync($"/api/v1/profiles/lookup?type={type}&value={Uri.EscapeDataString(value)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose()
    {
        Collect.Dispose();
        Admin.Dispose();
    }
}

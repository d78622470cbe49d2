using System.Net;
using System.Text.Json;

namespace Helix.Server.Tests;

/// <summary>
/// Mega-profile quarantine against a real server: a till's shared id glues customers together within
/// a day, the windowed rule freezes the hub, the quarantine list proposes the split, and posting the
/// proposed detach undoes it.
/// </summary>
public sealed class QuarantineApiTests : IAsyncLifetime
{
    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _server.Admin.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<string?> PersonOfAsync(string type, string value)
    {
        using var response = await _server.Admin.GetAsync($"/api/v1/profiles/lookup?type={type}&value={Uri.EscapeDataString(value)}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await response.ReadJsonAsync()).GetProperty("personId").GetString();
    }

    /// <summary>Customer <paramref name="n"/> shows a member card on the app, then pays at till-7, which sends its own id.</summary>
    private static string[] Customer(int n) =>
    [
        $$"""{"type":"track","event":"Card Shown","anonymousId":"app-{{n}}","context":{"externalIds":[{"id":"card-{{n}}","type":"member_card"}]},"timestamp":"2026-11-01T{{n + 8:D2}}:00:00Z"}""",
        $$"""{"type":"track","event":"Order Completed","anonymousId":"app-{{n}}","context":{"externalIds":[{"id":"till-7","type":"till_id"}]},"timestamp":"2026-11-01T{{n + 8:D2}}:05:00Z"}""",
    ];

    [Fact]
    public async Task SharedTillId_QuarantinesTheHub_ListsTheProposedDetach_AndTheDetachSplitsIt()
    {
        using (var rules = await _server.Admin.PutAsync("/api/v1/identity/rules", HttpJson.Body("""{"quarantine":{"maxMerges":3,"window":"1d"}}""")))
        {
            Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
            var rule = (await rules.ReadJsonAsync()).GetProperty("quarantine");
            Assert.Equal((3, "1d"), (rule.GetProperty("maxMerges").GetInt32(), rule.GetProperty("window").GetString()));
        }

        var batch = string.Join(",", Enumerable.Range(1, 6).SelectMany(Customer));
        (await _server.Collect.PostJsonAsync("/v1/batch", $$"""{"batch":[{{batch}}]}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        var hub = await PersonOfAsync("till_id", "till-7");
        Assert.Equal(hub, await PersonOfAsync("anonymous_id", "app-4"));
        Assert.NotEqual(hub, await PersonOfAsync("anonymous_id", "app-5"));
        Assert.NotEqual(hub, await PersonOfAsync("anonymous_id", "app-6"));
        var profile = await GetJsonAsync($"/api/v1/profiles/{hub}");
        Assert.Equal("4 merges within 1d", profile.GetProperty("quarantine").GetProperty("reason").GetString());
        Assert.Equal(3, profile.GetProperty("mergeCount").GetInt32());

        var list = await GetJsonAsync("/api/v1/identity/quarantine");
        var alert = Assert.Single(list.GetProperty("persons").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("next").ValueKind);
        Assert.Equal(hub, alert.GetProperty("personId").GetString());
        Assert.Equal("4 merges within 1d", alert.GetProperty("reason").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T13:05:00Z", System.Globalization.CultureInfo.InvariantCulture), alert.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(profile.GetProperty("quarantine").GetProperty("position").GetInt64(), alert.GetProperty("position").GetInt64());
        Assert.Equal((9, 3), (alert.GetProperty("identifierCount").GetInt32(), alert.GetProperty("mergeCount").GetInt32()));
        var proposal = alert.GetProperty("proposal");
        Assert.Equal(("till_id", "till-7"), (proposal.GetProperty("identifier").GetProperty("type").GetString(), proposal.GetProperty("identifier").GetProperty("value").GetString()));
        Assert.Equal(4, proposal.GetProperty("personsAfter").GetInt32());

        using var detach = await _server.Admin.PostJsonAsync("/api/v1/identity/operations", proposal.GetProperty("detach").GetRawText());

        Assert.Equal(HttpStatusCode.Created, detach.StatusCode);
        var operation = await detach.ReadJsonAsync();
        Assert.Equal(("detach", "quarantine: 4 merges within 1d"), (operation.GetProperty("kind").GetString(), operation.GetProperty("reason").GetString()));
        Assert.Equal(4, operation.GetProperty("after").GetArrayLength());
        Assert.Empty((await GetJsonAsync("/api/v1/identity/quarantine")).GetProperty("persons").EnumerateArray());
        var customers = await Task.WhenAll(Enumerable.Range(1, 6).Select(n => PersonOfAsync("member_card", $"card-{n}")));
        Assert.Equal(6, customers.Distinct().Count());
        Assert.Equal(hub, customers[0]);
        Assert.Equal(customers[1], await PersonOfAsync("anonymous_id", "app-2"));
        Assert.Null(await PersonOfAsync("till_id", "till-7"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("cursor=nonsense", "cursor")]
    public async Task BadPaging_NamesTheField(string query, string field)
    {
        var problem = await GetJsonAsync($"/api/v1/identity/quarantine?{query}", HttpStatusCode.BadRequest);

        Assert.Equal(field, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task WithoutAnApiKey_Is401()
    {
        using var response = await _server.Anonymous.GetAsync("/api/v1/identity/quarantine");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

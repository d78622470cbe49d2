using System.Net;
using System.Text.Json;
using Helix.Core.Workspaces;

namespace Helix.Server.Tests;

/// <summary>Unmerge through the HTTP API against a real server: split, audit, survive a restart, revert.</summary>
public sealed class IdentityOperationsApiTests(SharedServer shared) : IClassFixture<SharedServer>, IAsyncLifetime
{
    private readonly Helix.Testing.TempDirectory _directory = new("helix-identity-operations");
    private HelixTestServer _server = shared.Server;
    private HelixTestServer? _own;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_own is not null)
        {
            await _own.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>
    /// Tests that split, merge or journal operations get a server of their own; the shared one only takes requests that
    /// are refused, so each of those can check that nothing was stored.
    /// </summary>
    private async Task OwnServerAsync() => _server = _own = await HelixTestServer.StartAsync(_directory.Path);

    private async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _server.Admin.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> OperateAsync(string json, HttpClient? client = null)
    {
        using var response = await (client ?? _server.Admin).PostJsonAsync("/api/v1/identity/operations", json);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    private async Task<string?> PersonOfAsync(string type, string value)
    {
        using var response = await _server.Admin.GetAsync($"/api/v1/profiles/lookup?type={type}&value={Uri.EscapeDataString(value)}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await response.ReadJsonAsync()).GetProperty("personId").GetString();
    }

    /// <summary>Alice's and Bob's browsers each identify with the family phone: one person.</summary>
    private async Task<string> FamilyPhoneAsync()
    {
        foreach (var json in new[]
        {
            """{"type":"identify","anonymousId":"alice-browser","traits":{"phone":"13812345678","name":"Alice"},"timestamp":"2026-11-01T10:00:00Z"}""",
            """{"type":"page","anonymousId":"alice-browser","name":"Home","timestamp":"2026-11-01T10:01:00Z"}""",
            """{"type":"identify","anonymousId":"bob-browser","traits":{"phone":"138 1234 5678","name":"Bob"},"timestamp":"2026-11-02T10:00:00Z"}""",
            """{"type":"track","anonymousId":"bob-browser","event":"Product Viewed","timestamp":"2026-11-02T10:01:00Z"}""",
        })
        {
            (await _server.Collect.PostJsonAsync("/v1/batch", $$"""{"batch":[{{json}}]}""")).EnsureSuccessStatusCode();
        }

        await _server.FlushAsync();
        var person = await PersonOfAsync("anonymous_id", "alice-browser");
        Assert.Equal(person, await PersonOfAsync("anonymous_id", "bob-browser"));
        return person!;
    }

    [Fact]
    public async Task DetachingASharedPhone_SplitsThePerson_IsAudited_SurvivesARestart_AndReverts()
    {
        await OwnServerAsync();
        var merged = await FamilyPhoneAsync();

        var (status, body) = await OperateAsync($$"""{"kind":"detach","personId":"{{merged}}","identifier":{"type":"phone","value":"+86 13812345678"},"reason":"family phone"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("applied", body.GetProperty("status").GetString());
        Assert.Equal(2, body.GetProperty("after").GetArrayLength());
        var alice = await PersonOfAsync("anonymous_id", "alice-browser");
        var bob = await PersonOfAsync("anonymous_id", "bob-browser");
        Assert.Equal(merged, alice);
        Assert.NotEqual(alice, bob);
        Assert.Null(await PersonOfAsync("phone", "13812345678"));
        var bobProfile = await GetJsonAsync($"/api/v1/profiles/{bob}");
        Assert.Equal(("Bob", 2L), (bobProfile.GetProperty("traits").GetProperty("name").GetString(), bobProfile.GetProperty("eventCount").GetInt64()));
        var bobEvents = await GetJsonAsync($"/api/v1/profiles/{bob}/events");
        Assert.Equal(["Product Viewed", null], bobEvents.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
        Assert.Equal("Alice", (await GetJsonAsync($"/api/v1/profiles/{alice}")).GetProperty("traits").GetProperty("name").GetString());

        var operationId = body.GetProperty("operationId").GetString();
        var listed = Assert.Single((await GetJsonAsync("/api/v1/identity/operations")).EnumerateArray());
        Assert.Equal(operationId, listed.GetProperty("operationId").GetString());
        Assert.Equal("family phone", listed.GetProperty("reason").GetString());
        Assert.StartsWith("key_", listed.GetProperty("requestedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(merged, Assert.Single(listed.GetProperty("before").EnumerateArray()).GetProperty("personId").GetString());

        // After a restart the detach still holds: the phone glues nobody again.
        await _server.DisposeAsync();
        await OwnServerAsync();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"anonymousId":"bob-browser","traits":{"phone":"13812345678"}}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();
        Assert.NotEqual(await PersonOfAsync("anonymous_id", "alice-browser"), await PersonOfAsync("anonymous_id", "bob-browser"));

        var (revertStatus, revert) = await OperateAsync($$"""{"kind":"revert","reverts":"{{operationId}}"}""");
        Assert.Equal(HttpStatusCode.Created, revertStatus);
        Assert.Equal(2, revert.GetProperty("before").GetArrayLength());
        Assert.Equal(merged, await PersonOfAsync("anonymous_id", "bob-browser"));
        Assert.Equal(5, (await GetJsonAsync($"/api/v1/profiles/{merged}")).GetProperty("eventCount").GetInt64());
        Assert.Equal("reverted", (await GetJsonAsync($"/api/v1/identity/operations/{operationId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Separate_KeepsTwoIdentifiersApart()
    {
        await OwnServerAsync();
        var merged = await FamilyPhoneAsync();

        var (status, body) = await OperateAsync($$$"""
            {"kind":"separate","personId":"{{{merged}}}","from":{"type":"anonymous_id","value":"alice-browser"},"to":{"type":"anonymous_id","value":"bob-browser"}}
            """);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("separate", body.GetProperty("kind").GetString());
        Assert.NotEqual(await PersonOfAsync("anonymous_id", "alice-browser"), await PersonOfAsync("anonymous_id", "bob-browser"));
    }

    [Theory]
    [InlineData("""{"personId":"PERSON"}""", "kind")]
    [InlineData("""{"kind":"merge","personId":"PERSON"}""", "otherPersonId")]
    [InlineData("""{"kind":"merge","personId":"PERSON","otherPersonId":"PERSON"}""", "otherPersonId")]
    [InlineData("""{"kind":"explode","personId":"PERSON"}""", "kind")]
    [InlineData("""{"kind":"rules","personId":"PERSON"}""", "kind")]
    [InlineData("""{"kind":"detach"}""", "personId")]
    [InlineData("""{"kind":"detach","personId":"PERSON"}""", "identifier")]
    [InlineData("""{"kind":"detach","personId":"PERSON","identifier":{"type":"phone","value":"13900000000"}}""", "identifier")]
    [InlineData("""{"kind":"separate","personId":"PERSON","from":{"type":"anonymous_id","value":"alice-browser"}}""", "to")]
    [InlineData("""{"kind":"separate","personId":"PERSON","from":{"type":"anonymous_id","value":"alice-browser"},"to":{"type":"anonymous_id","value":"alice-browser"}}""", "to")]
    [InlineData("""{"kind":"revert"}""", "reverts")]
    public async Task BadRequests_NameTheField_AndStoreNothing(string json, string field)
    {
        var merged = await FamilyPhoneAsync();

        var (status, body) = await OperateAsync(json.Replace("PERSON", merged, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, body.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(0, (await GetJsonAsync("/api/v1/identity/operations")).GetArrayLength());
        Assert.Equal(merged, await PersonOfAsync("anonymous_id", "bob-browser"));
    }

    [Fact]
    public async Task UnknownPersonIs404_UnknownRevertIsAJournaled409_AndAnotherWorkspaceCannotSplitOurs()
    {
        await OwnServerAsync();
        var merged = await FamilyPhoneAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await OperateAsync("""{"kind":"detach","personId":"p_nobody","identifier":{"type":"anonymous_id","value":"x"}}""")).Status);

        var (status, body) = await OperateAsync("""{"kind":"revert","reverts":"iop_unknown"}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("iop_unknown", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("rejected", Assert.Single((await GetJsonAsync("/api/v1/identity/operations")).EnumerateArray()).GetProperty("status").GetString());

        using var otherAdmin = await _server.OtherWorkspaceAdminAsync(new WorkspaceId("other-brand"), "hxk_other");
        var (otherStatus, _) = await OperateAsync($$$"""{"kind":"detach","personId":"{{{merged}}}","identifier":{"type":"phone","value":"13812345678"}}""", otherAdmin);
        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
        using var otherList = await otherAdmin.GetAsync("/api/v1/identity/operations");
        Assert.Equal(0, (await otherList.ReadJsonAsync()).GetArrayLength());
        Assert.Equal(merged, await PersonOfAsync("anonymous_id", "bob-browser"));
    }

    [Fact]
    public async Task WithoutAKey_IsUnauthorized()
    {
        using var response = await _server.Anonymous.PostJsonAsync("/api/v1/identity/operations", """{"kind":"revert","reverts":"x"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

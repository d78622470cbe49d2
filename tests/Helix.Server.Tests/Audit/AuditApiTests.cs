using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Helix.Core.Workspaces;
using Helix.Server.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests.Audit;

public sealed class AuditApiTests : IAsyncLifetime
{
    private const string Definitions = """{"computedTraits": [{"name": "audit_spend", "function": "sum", "event": "Order Completed", "of": "properties.total"}]}""";
    private HelixTestServer _server = null!;
    private string _person = null!;

    public async Task InitializeAsync()
    {
        _server = await HelixTestServer.StartAsync();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"audit-user","traits":{"name":"李雷"}}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();
        using var lookup = await _server.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=audit-user");
        _person = (await lookup.ReadJsonAsync()).GetProperty("personId").GetString()!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ProfileReadAndDefinitionsPut_AreRecordedWithActorRouteTargetAndStatus()
    {
        using var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelixTestServer.AdminKey);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("audit-test/1.0");
        using var read = await client.GetAsync($"/api/v1/profiles/{_person}");
        using var put = await client.PutAsync("/api/v1/profile-definitions", HttpJson.Body(Definitions));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var entries = await _server.AuditAsync(_server.Admin);

        var profile = Assert.Single(entries, e => e.Text("action") == "GET /api/v1/profiles/{personId}");
        Assert.Equal(_person, profile.Text("target"));
        Assert.Equal(200, profile.GetProperty("outcome").GetInt32());
        Assert.Equal("bootstrap admin", profile.Text("actorName"));
        Assert.Equal("admin", profile.Text("actorRole"));
        Assert.StartsWith("key_", profile.Text("actorKeyId"), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", profile.Text("clientAddress"));
        Assert.Equal("audit-test/1.0", profile.Text("userAgent"));
        Assert.False(string.IsNullOrEmpty(profile.Text("requestId")));
        var definitions = Assert.Single(entries, e => e.Text("action") == "PUT /api/v1/profile-definitions");
        Assert.Equal((int)put.StatusCode, definitions.GetProperty("outcome").GetInt32());
        Assert.Equal(JsonValueKind.Null, definitions.GetProperty("target").ValueKind);
        Assert.True(definitions.GetProperty("sequence").GetInt64() > profile.GetProperty("sequence").GetInt64());
        Assert.Contains(entries, e => e.Text("action") == "GET /api/v1/profiles/lookup");
    }

    [Fact]
    public async Task ReadsWithoutPersonalData_AndCollectCalls_AreNotRecorded()
    {
        (await _server.Admin.GetAsync("/api/v1/tags")).EnsureSuccessStatusCode();
        (await _server.Admin.GetAsync("/api/v1/segments")).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/track", """{"userId":"audit-user","event":"Viewed"}""")).EnsureSuccessStatusCode();

        var entries = await _server.AuditAsync(_server.Admin);

        Assert.DoesNotContain(entries, e => e.Text("action") is "GET /api/v1/tags" or "GET /api/v1/segments" || e.Text("action").Contains("/v1/track", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeniedAndMissing_AreRecordedToo()
    {
        using var analyst = await AnalystAsync();
        using var denied = await analyst.PostJsonAsync("/api/v1/privacy/erasures", $$"""{"personId":"{{_person}}"}""");
        using var missing = await _server.Admin.GetAsync("/api/v1/profiles/p_nobody");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var entries = await _server.AuditAsync(_server.Admin);

        var forbidden = Assert.Single(entries, e => e.Text("action") == "POST /api/v1/privacy/erasures");
        Assert.Equal(403, forbidden.GetProperty("outcome").GetInt32());
        Assert.Equal("audit analyst", forbidden.Text("actorName"));
        Assert.Equal("analyst", forbidden.Text("actorRole"));
        var notFound = Assert.Single(entries, e => e.Text("target") == "p_nobody");
        Assert.Equal(404, notFound.GetProperty("outcome").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/audit")).StatusCode);
    }

    [Fact]
    public async Task AnotherWorkspacesAdmin_SeesNoneOfTheseEntries()
    {
        (await _server.Admin.GetAsync($"/api/v1/profiles/{_person}")).EnsureSuccessStatusCode();
        using var b = await _server.OtherWorkspaceAdminAsync(new WorkspaceId("ws_audit_b"), "hxk_audit_b");

        var seenByB = await _server.AuditAsync(b);
        var verifiedByB = await _server.VerifyAuditAsync(b);
        var seenByA = await _server.AuditAsync(_server.Admin);

        Assert.DoesNotContain(seenByB, e => e.Text("actorName") != "other admin");
        Assert.DoesNotContain(seenByB, e => e.GetProperty("target").ValueKind == JsonValueKind.String && e.Text("target") == _person);
        Assert.True(verifiedByB.GetProperty("ok").GetBoolean());
        Assert.DoesNotContain(seenByA, e => e.Text("actorName") == "other admin");
        Assert.Contains(seenByA, e => e.Text("target") is { } t && t == _person);
    }

    [Fact]
    public async Task Filters_AndCursor_SelectEntries()
    {
        (await _server.Admin.GetAsync($"/api/v1/profiles/{_person}/events")).EnsureSuccessStatusCode();
        (await _server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body(Definitions))).EnsureSuccessStatusCode();
        (await _server.Admin.GetAsync($"/api/v1/profiles/{_person}")).EnsureSuccessStatusCode();

        var puts = await _server.AuditAsync(_server.Admin, "&action=PUT");
        var ofPerson = await _server.AuditAsync(_server.Admin, $"&target={_person}&actor=bootstrap%20admin");
        var none = await _server.AuditAsync(_server.Admin, "&from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z");
        using var first = await _server.Admin.GetAsync("/api/v1/audit?limit=2");
        var firstPage = await first.ReadJsonAsync();
        using var second = await _server.Admin.GetAsync($"/api/v1/audit?limit=2&cursor={firstPage.GetProperty("nextCursor").GetString()}");
        var secondPage = await second.ReadJsonAsync();

        Assert.NotEmpty(puts);
        Assert.All(puts, e => Assert.StartsWith("PUT ", e.Text("action"), StringComparison.Ordinal));
        Assert.Equal(2, ofPerson.Count);
        Assert.Empty(none);
        var sequences = firstPage.GetProperty("entries").EnumerateArray().Concat(secondPage.GetProperty("entries").EnumerateArray())
            .Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(4, sequences.Count);
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("cursor=-4", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=100000", "limit")]
    [InlineData("actor=", "actor")]
    public async Task BadFilter_Returns400NamingTheField(string query, string field)
    {
        using var response = await _server.Admin.GetAsync("/api/v1/audit?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Contains(field, errors);
    }

    [Fact]
    public async Task Verify_IsOkForAnIntactChain()
    {
        (await _server.Admin.GetAsync($"/api/v1/profiles/{_person}")).EnsureSuccessStatusCode();

        var result = await _server.VerifyAuditAsync(_server.Admin);

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.True(result.GetProperty("entries").GetInt64() >= 2);
    }

    private async Task<HttpClient> AnalystAsync()
    {
        var store = _server.App.Services.GetRequiredService<IWorkspaceStore>();
        await store.CreateApiKeyAsync(new WorkspaceId(Bootstrap.DefaultWorkspaceId), "audit analyst", "analyst", SecretKeys.Hash("hxk_audit_analyst"), DateTimeOffset.UtcNow);
        var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "hxk_audit_analyst");
        return client;
    }
}

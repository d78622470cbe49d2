using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Helix.Core.Access;
using Helix.Core.Workspaces;
using Helix.Server.Access;
using Helix.Server.Tests.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helix.Server.Tests.Access;

/// <summary>Keys and roles end to end: the HTTP API, authentication with the issued keys, and DuckDB.</summary>
public sealed class AccessApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync(timeProvider: _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task IssuedKey_AuthenticatesWithItsRole_IsListedWithoutSecret_AndRevocationTakesEffectAtOnce()
    {
        var (id, key) = await IssueAsync("""{"name": "campaign team", "role": "marketer"}""");
        using var marketer = Client(key);

        using var allowed = await marketer.GetAsync("/api/v1/guide/members/nobody?type=user_id");
        using var denied = await marketer.GetAsync("/api/v1/access/keys");
        var listed = await ListAsync();
        using var revoke = await _server.Admin.DeleteAsync($"/api/v1/access/keys/{id}");
        using var after = await marketer.GetAsync("/api/v1/guide/members/nobody?type=user_id");

        Assert.StartsWith("hxk_", key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var entry = Assert.Single(listed.EnumerateArray(), k => k.GetProperty("id").GetString() == id);
        Assert.Equal("marketer", entry.GetProperty("role").GetString());
        Assert.Equal(Now, entry.GetProperty("lastUsedAt").GetDateTimeOffset());
        Assert.DoesNotContain(key, listed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKeys.Hash(key), listed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ExpiredKey_Returns401()
    {
        var (_, key) = await IssueAsync("""{"name": "temp", "role": "analyst", "expiresAt": "2026-12-01T09:00:00Z"}""");
        using var client = Client(key);

        using var before = await client.GetAsync("/api/v1/access/keys");
        _time.Advance(TimeSpan.FromHours(1));
        using var expired = await client.GetAsync("/api/v1/access/keys");

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task TheLastAdminKey_CannotBeRevoked()
    {
        var bootstrap = Assert.Single((await ListAsync()).EnumerateArray()).GetProperty("id").GetString();

        using var refused = await _server.Admin.DeleteAsync($"/api/v1/access/keys/{bootstrap}");
        using var missing = await _server.Admin.DeleteAsync("/api/v1/access/keys/key_nothing");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Admin.GetAsync("/api/v1/access/keys")).StatusCode);
    }

    [Theory]
    [InlineData("""{"role": "admin"}""", "name")]
    [InlineData("""{"name": "k"}""", "role")]
    [InlineData("""{"name": "k", "role": "nobody"}""", "role")]
    [InlineData("""{"name": "k", "role": "admin", "expiresAt": "soon"}""", "expiresAt")]
    [InlineData("""{"name": "k", "role": "admin", "expiresAt": "2020-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"name": "k", "role": "marketer", "store": "s1"}""", "store")]
    public async Task BadKeyRequest_Returns400NamingTheField_AndStoresNothing(string body, string field)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/access/keys", HttpJson.Body(body));

        await AssertFieldAsync(response, field);
        Assert.Single((await ListAsync()).EnumerateArray());
    }

    [Fact]
    public async Task CustomRole_GrantsExactlyItsPermissions_AndCannotBeDeletedWhileInUse()
    {
        using var put = await _server.Admin.PutAsync("/api/v1/access/roles/auditor", HttpJson.Body("""{"permissions": ["audit:read", "guide:read"]}"""));
        var (id, key) = await IssueAsync("""{"name": "dpo", "role": "auditor"}""");
        using var auditor = Client(key);

        using var audit = await auditor.GetAsync("/api/v1/audit");
        using var retention = await auditor.GetAsync("/api/v1/privacy/retention");
        using var access = await auditor.GetAsync("/api/v1/access/roles");
        using var inUse = await _server.Admin.DeleteAsync("/api/v1/access/roles/auditor");
        using var narrowed = await _server.Admin.PutAsync("/api/v1/access/roles/auditor", HttpJson.Body("""{"permissions": ["guide:read"]}"""));
        using var auditAfter = await auditor.GetAsync("/api/v1/audit");
        (await _server.Admin.DeleteAsync($"/api/v1/access/keys/{id}")).EnsureSuccessStatusCode();
        using var deleted = await _server.Admin.DeleteAsync("/api/v1/access/roles/auditor");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, retention.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, access.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("1 unrevoked", (await inUse.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, auditAfter.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Roles_ListBuiltInAndCustom_AndBuiltInCannotChange()
    {
        (await _server.Admin.PutAsync("/api/v1/access/roles/store-lead", HttpJson.Body("""{"permissions": ["guide:read"]}"""))).EnsureSuccessStatusCode();

        var roles = (await (await _server.Admin.GetAsync("/api/v1/access/roles")).ReadJsonAsync()).EnumerateArray().ToList();
        using var one = await _server.Admin.GetAsync("/api/v1/access/roles/guide");
        using var putBuiltIn = await _server.Admin.PutAsync("/api/v1/access/roles/admin", HttpJson.Body("""{"permissions": ["guide:read"]}"""));
        using var deleteBuiltIn = await _server.Admin.DeleteAsync("/api/v1/access/roles/marketer");
        using var missing = await _server.Admin.GetAsync("/api/v1/access/roles/nobody");

        Assert.Equal([.. Role.BuiltIn.Keys, "store-lead"], roles.Select(r => r.GetProperty("name").GetString()));
        Assert.All(roles, r => Assert.Equal(r.GetProperty("name").GetString() != "store-lead", r.GetProperty("builtIn").GetBoolean()));
        Assert.Equal(["guide:read", "guide:tasks"], (await one.ReadJsonAsync()).GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        await AssertFieldAsync(putBuiltIn, "name");
        await AssertFieldAsync(deleteBuiltIn, "name");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("Bad_Name", """{"permissions": ["guide:read"]}""", "name")]
    [InlineData("ok", """{"permissions": ["guide:read", "root:all"]}""", "permissions[1]")]
    [InlineData("ok", """{"permissions": []}""", "permissions")]
    [InlineData("ok", """{}""", "permissions")]
    public async Task BadRole_Returns400NamingTheField(string name, string body, string field)
    {
        using var response = await _server.Admin.PutAsync($"/api/v1/access/roles/{name}", HttpJson.Body(body));

        var problem = await AssertFieldAsync(response, field);
        if (field == "permissions[1]")
        {
            Assert.Contains("root:all", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync("/api/v1/access/roles/ok")).StatusCode);
    }

    [Fact]
    public async Task AnotherWorkspace_SeesNoneOfTheseKeysOrRoles_AndCannotRevokeThem()
    {
        var (id, _) = await IssueAsync("""{"name": "a-secret-key", "role": "analyst"}""");
        (await _server.Admin.PutAsync("/api/v1/access/roles/a-secret-role", HttpJson.Body("""{"permissions": ["guide:read"]}"""))).EnsureSuccessStatusCode();
        using var b = await _server.OtherWorkspaceAdminAsync(new WorkspaceId("ws_access_b"), "hxk_access_b");

        var keys = await (await b.GetAsync("/api/v1/access/keys")).Content.ReadAsStringAsync();
        var roles = await (await b.GetAsync("/api/v1/access/roles")).Content.ReadAsStringAsync();
        using var role = await b.GetAsync("/api/v1/access/roles/a-secret-role");
        using var revoke = await b.DeleteAsync($"/api/v1/access/keys/{id}");
        using var issue = await b.PostAsync("/api/v1/access/keys", HttpJson.Body("""{"name": "x", "role": "a-secret-role"}"""));

        Assert.DoesNotContain("a-secret", keys + roles, StringComparison.Ordinal);
        Assert.DoesNotContain(id, keys, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, role.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        await AssertFieldAsync(issue, "role");
        Assert.Contains((await ListAsync()).EnumerateArray(), k => k.GetProperty("id").GetString() == id && k.GetProperty("revokedAt").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task KeyCreation_IsAudited_WithoutThePlaintextKey()
    {
        var (id, key) = await IssueAsync("""{"name": "audited", "role": "guide"}""");
        (await _server.Admin.DeleteAsync($"/api/v1/access/keys/{id}")).EnsureSuccessStatusCode();

        var entries = await _server.AuditAsync(_server.Admin);

        var created = Assert.Single(entries, e => e.Text("action") == "POST /api/v1/access/keys");
        Assert.Equal(201, created.GetProperty("outcome").GetInt32());
        Assert.Contains(entries, e => e.Text("action") == "DELETE /api/v1/access/keys/{id}" && e.Text("target") == id);
        Assert.DoesNotContain(key, JsonSerializer.Serialize(entries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastUse_IsFlushedToTheStore()
    {
        var (id, key) = await IssueAsync("""{"name": "used", "role": "analyst"}""");
        using var client = Client(key);
        await client.GetAsync("/api/v1/access/keys");

        await _server.App.Services.GetRequiredService<LastUseFlusher>().FlushAsync(CancellationToken.None);

        var stored = await _server.App.Services.GetRequiredService<IAccessStore>().ListApiKeysAsync(new WorkspaceId("default"));
        Assert.Equal(Now, Assert.Single(stored, k => k.Id == id).LastUsedAt);
    }

    private async Task<(string Id, string Key)> IssueAsync(string body)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/access/keys", HttpJson.Body(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.ReadJsonAsync();
        return (json.GetProperty("id").GetString()!, json.GetProperty("key").GetString()!);
    }

    private async Task<JsonElement> ListAsync()
    {
        using var response = await _server.Admin.GetAsync("/api/v1/access/keys");
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    private HttpClient Client(string key)
    {
        var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<JsonElement> AssertFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains(field, problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        return problem;
    }
}

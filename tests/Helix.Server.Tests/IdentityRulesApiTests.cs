using System.Net;
using System.Text;
using System.Text.Json;

namespace Helix.Server.Tests;

/// <summary>Workspace identity rules through the API: YAML in, versions, effect on new events, what-if simulation.</summary>
public sealed class IdentityRulesApiTests : IAsyncLifetime
{
    private const string Yaml = """
        # Lotus Snacks: the CRM number identifies a member; the store's till phone identifies nobody.
        maxMergesPerPerson: 50
        quarantine:
          maxMerges: 10
          window: 12h
        types:
          - name: crm_number
            priority: 2
            maxPerPerson: 1
            normalization: uppercase
            requiresTrustedSource: true
          - name: phone
            blockedValues: ["13800000000"]
          - name: anonymous_id
            maxPerPerson: 5
            window: 7d
        """;

    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        using var response = await _server.Admin.SendAsync(request);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    private async Task<string?> PersonOfAsync(string type, string value)
    {
        using var response = await _server.Admin.GetAsync($"/api/v1/profiles/lookup?type={type}&value={Uri.EscapeDataString(value)}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await response.ReadJsonAsync()).GetProperty("personId").GetString();
    }

    private async Task SendEventsAsync(params string[] messages)
    {
        (await _server.Collect.PostJsonAsync("/v1/batch", $$"""{"batch":[{{string.Join(",", messages)}}]}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();
    }

    [Fact]
    public async Task TraitRules_DecideWhichValueSurvives_AndTheProfileSaysWhoSetIt()
    {
        var (status, body) = await SendAsync(HttpMethod.Put, "/api/v1/identity/rules",
            """{"traits":[{"name":"signup_store","survivorship":"firstSeen"}]}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""[{"name":"signup_store","survivorship":"firstSeen","sources":[]}]""", body.GetProperty("traits").GetRawText());

        await SendEventsAsync(
            """{"type":"identify","userId":"M1","messageId":"later","timestamp":"2026-11-02T10:00:00Z","traits":{"signup_store":"杭州西湖店","name":"王芳"}}""",
            """{"type":"identify","userId":"M1","messageId":"earlier","timestamp":"2026-11-01T10:00:00Z","traits":{"signup_store":"上海徐汇店","name":"王 芳"}}""");

        using var response = await _server.Admin.GetAsync($"/api/v1/profiles/{await PersonOfAsync("user_id", "M1")}");
        var profile = await response.ReadJsonAsync();
        Assert.Equal(("上海徐汇店", "王芳"), (profile.GetProperty("traits").GetProperty("signup_store").GetString(), profile.GetProperty("traits").GetProperty("name").GetString()));
        var provenance = profile.GetProperty("traitProvenance");
        Assert.Equal(("earlier", "later"), (provenance.GetProperty("signup_store").GetProperty("messageId").GetString(), provenance.GetProperty("name").GetProperty("messageId").GetString()));
        Assert.StartsWith("src_", provenance.GetProperty("name").GetProperty("sourceId").GetString(), StringComparison.Ordinal);
        Assert.Equal("2026-11-01T10:00:00+00:00", provenance.GetProperty("signup_store").GetProperty("at").GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        var (bad, problem) = await SendAsync(HttpMethod.Put, "/api/v1/identity/rules", """{"traits":[{"name":"name","survivorship":"sourcePriority"}]}""", "application/json");
        Assert.Equal((HttpStatusCode.BadRequest, "traits[0].sources"), (bad, problem.GetProperty("errors")[0].GetProperty("field").GetString()));
    }

    [Fact]
    public async Task MostFrequent_KeepsTheCityOfMostEvents_UntilAnotherOvertakesIt()
    {
        var (status, body) = await SendAsync(HttpMethod.Put, "/api/v1/identity/rules", """{"traits":[{"name":"city","survivorship":"mostFrequent"}]}""", "application/json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""[{"name":"city","survivorship":"mostFrequent","sources":[]}]""", body.GetProperty("traits").GetRawText());
        string City(string id, string city, string at) =>
            $$$"""{"type":"identify","userId":"M1","messageId":"{{{id}}}","timestamp":"{{{at}}}","traits":{"city":"{{{city}}}"}}""";

        await SendEventsAsync(
            City("sh1", "Shanghai", "2026-11-01T10:00:00Z"), City("sh2", "Shanghai", "2026-11-01T11:00:00Z"), City("sh3", "Shanghai", "2026-11-01T12:00:00Z"),
            City("bj1", "Beijing", "2026-11-02T10:00:00Z"), City("bj2", "Beijing", "2026-11-02T11:00:00Z"));
        var person = await PersonOfAsync("user_id", "M1");
        var before = await ProfileAsync(person);
        await SendEventsAsync(City("bj3", "Beijing", "2026-11-03T10:00:00Z"), City("bj4", "Beijing", "2026-11-03T11:00:00Z"));
        var after = await ProfileAsync(person);

        Assert.Equal("Shanghai", before.GetProperty("traits").GetProperty("city").GetString());
        var provenance = before.GetProperty("traitProvenance").GetProperty("city");
        Assert.Equal(("sh3", new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero)), (provenance.GetProperty("messageId").GetString(), provenance.GetProperty("at").GetDateTimeOffset()));
        Assert.StartsWith("src_", provenance.GetProperty("sourceId").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Beijing", "bj4"), (after.GetProperty("traits").GetProperty("city").GetString(), after.GetProperty("traitProvenance").GetProperty("city").GetProperty("messageId").GetString()));
        using var yaml = await _server.Admin.GetAsync("/api/v1/identity/rules?format=yaml");
        var text = await yaml.Content.ReadAsStringAsync();
        Assert.Contains("survivorship: mostFrequent", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, "/api/v1/identity/rules", text, "application/yaml")).Status);
    }

    private async Task<JsonElement> ProfileAsync(string? person)
    {
        using var response = await _server.Admin.GetAsync($"/api/v1/profiles/{person}");
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task YamlRules_BecomeTheNextVersion_AndResolveLaterEvents()
    {
        using (var builtIn = await _server.Admin.GetAsync("/api/v1/identity/rules"))
        {
            Assert.Equal("built-in", (await builtIn.ReadJsonAsync()).GetProperty("version").GetString());
        }

        var (status, body) = await SendAsync(HttpMethod.Put, "/api/v1/identity/rules?reason=crm%20go-live", Yaml, "application/yaml");

        Assert.Equal(HttpStatusCode.OK, status);
        var version = body.GetProperty("version").GetString();
        Assert.StartsWith("rules_", version, StringComparison.Ordinal);
        Assert.Equal("crm go-live", body.GetProperty("reason").GetString());
        var crm = body.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "crm_number");
        Assert.Equal((2, 1), (crm.GetProperty("priority").GetInt32(), crm.GetProperty("maxPerPerson").GetInt32()));
        Assert.Equal("7d", body.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "anonymous_id").GetProperty("window").GetString());
        Assert.Equal("""{"maxMerges":10,"window":"12h"}""", body.GetProperty("quarantine").GetRawText());

        await SendEventsAsync(
            """{"type":"identify","anonymousId":"pos-1","traits":{"phone":"13800000000"},"context":{"externalIds":[{"id":"c-001","type":"crm_number","collection":"users"}]}}""",
            """{"type":"identify","anonymousId":"pos-2","traits":{"phone":"13800000000"}}""",
            """{"type":"track","anonymousId":"app-9","event":"Login","context":{"externalIds":[{"id":"C-001","type":"crm_number","collection":"users"}]}}""");

        var member = await PersonOfAsync("crm_number", "c-001");
        Assert.NotNull(member);
        Assert.Equal(member, await PersonOfAsync("anonymous_id", "app-9"));
        Assert.NotEqual(member, await PersonOfAsync("anonymous_id", "pos-2"));
        using var blocked = await _server.Admin.GetAsync("/api/v1/profiles/lookup?type=phone&value=13800000000");
        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);

        using var yaml = await _server.Admin.GetAsync("/api/v1/identity/rules?format=yaml");
        var text = await yaml.Content.ReadAsStringAsync();
        Assert.Contains("crm_number", text, StringComparison.Ordinal);
        Assert.Contains("quarantine:\n  maxMerges: 10\n  window: 12h\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var (again, _) = await SendAsync(HttpMethod.Put, "/api/v1/identity/rules", text, "application/yaml");
        Assert.Equal(HttpStatusCode.OK, again);
        using var journal = await _server.Admin.GetAsync("/api/v1/identity/operations");
        Assert.Equal(2, (await journal.ReadJsonAsync()).EnumerateArray().Count(o => o.GetProperty("kind").GetString() == "rules"));
    }

    [Theory]
    [InlineData("types:\n  - name: phone\n    maxPerPerson: [1\n", "application/yaml", "body")]
    [InlineData("types:\n  - name: cookie\n    window: 7 days\n", "application/yaml", "types[0].window")]
    [InlineData("quarantine:\n  maxMerges: 10\n  window: soon\n", "application/yaml", "quarantine.window")]
    [InlineData("traits:\n  - name: city\n    survivorship: mostfrequent\n", "application/yaml", "traits[0].survivorship")]
    [InlineData("""{"types":[{"name":"Bad"}]}""", "application/json", "types[0].name")]
    [InlineData("""{"types":""", "application/json", "body")]
    public async Task BadRules_NameTheField_AndChangeNothing(string body, string contentType, string field)
    {
        var (status, problem) = await SendAsync(HttpMethod.Put, "/api/v1/identity/rules", body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        using var current = await _server.Admin.GetAsync("/api/v1/identity/rules");
        Assert.Equal("built-in", (await current.ReadJsonAsync()).GetProperty("version").GetString());
    }

    [Fact]
    public async Task Simulate_ShowsTheSplitsAndMergesAProposalWouldMake_AndChangesNothing()
    {
        // Two shoppers glued by the till phone, and a member seen on two devices under two anonymous ids.
        await SendEventsAsync(
            """{"type":"identify","anonymousId":"shopper-1","traits":{"phone":"13800000000"}}""",
            """{"type":"identify","anonymousId":"shopper-2","traits":{"phone":"13800000000"}}""",
            """{"type":"identify","anonymousId":"tablet","traits":{"email":"wang@x.cn"}}""",
            """{"type":"identify","anonymousId":"laptop","traits":{"email":"wang@x.cn"}}""");
        var glued = await PersonOfAsync("anonymous_id", "shopper-1");
        Assert.Equal(glued, await PersonOfAsync("anonymous_id", "shopper-2"));

        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/identity/rules/simulate", Yaml, "application/yaml");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, body.GetProperty("eventsCompared").GetInt64());
        Assert.Equal(2, body.GetProperty("personsNow").GetInt32());
        Assert.Equal(3, body.GetProperty("personsProposed").GetInt32());
        Assert.Equal(1, body.GetProperty("personsThatWouldSplit").GetInt32());
        Assert.Equal(0, body.GetProperty("personsThatWouldMerge").GetInt32());
        var split = Assert.Single(body.GetProperty("splitExamples").EnumerateArray());
        Assert.Equal(glued, split.GetProperty("person").GetString());
        Assert.Equal(2, split.GetProperty("into").GetInt32());
        Assert.Equal(glued, await PersonOfAsync("anonymous_id", "shopper-2"));
    }

    [Fact]
    public async Task Simulate_WithProfileDefinitionsInTheLog_ReplaysOnlyTheEvents()
    {
        var (defined, _) = await SendAsync(HttpMethod.Put, "/api/v1/profile-definitions",
            """{"categories": [{"name": "lists", "description": "Imported lists"}], "tags": [{"name": "vip_list", "kind": "list", "category": "lists", "identifierType": "phone"}]}""",
            "application/json");
        await SendEventsAsync("""{"type":"identify","anonymousId":"shopper-1","traits":{"phone":"13800000000"}}""");

        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/identity/rules/simulate", Yaml, "application/yaml");

        Assert.Equal(HttpStatusCode.OK, defined);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("eventsCompared").GetInt64());
    }
}

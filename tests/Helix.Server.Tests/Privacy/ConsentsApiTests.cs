using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Workspaces;
using Helix.Server.Tests.Segments;

namespace Helix.Server.Tests.Privacy;

/// <summary>Consents recorded through the API, collected as events, shown on the profile, and withdrawn by unsubscribe links.</summary>
public sealed class ConsentsApiTests(ConsentsApiTests.Fixture fixture) : IClassFixture<ConsentsApiTests.Fixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly HelixTestServer _server = fixture.Server;

    /// <summary>
    /// Three members who each granted marketing from the mini program: c1 is only read, c2 records more consents, c3
    /// unsubscribes — so the tests share one server without seeing each other's changes.
    /// </summary>
    public sealed class Fixture : SharedServer
    {
        protected override async Task<HelixTestServer> StartAsync()
        {
            var server = await HelixTestServer.StartAsync();
            foreach (var (user, phone) in new[] { ("c1", "13812340001"), ("c2", "13812340002"), ("c3", "13812340003") })
            {
                await server.SendAsync(
                    SegmentTestServer.Identify(user, Now.AddDays(-3), new JsonObject { ["phone"] = phone }),
                    SegmentTestServer.Track(user, "Consent Updated", Now.AddDays(-2), new JsonObject
                    {
                        ["consents"] = new JsonArray(new JsonObject { ["purpose"] = "marketing", ["granted"] = true }, new JsonObject { ["purpose"] = "bogus", ["granted"] = true }),
                        ["source"] = "wechat-mini-program",
                    }));
            }

            return server;
        }
    }

    [Fact]
    public async Task CollectedConsentEvent_ShowsOnTheProfile_MalformedItemsLeftOut()
    {
        var personId = await _server.PersonIdAsync("c1");

        var profile = await _server.GetJsonAsync($"/api/v1/profiles/{personId}");

        var consent = Assert.Single(profile.GetProperty("consents").EnumerateArray());
        Assert.Equal(("marketing", true, "wechat-mini-program"),
            (consent.GetProperty("topic").GetString(), consent.GetProperty("granted").GetBoolean(), consent.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task RecordedConsent_ByIdentifier_ReachesThePerson_AndKeepsHistory()
    {
        var personId = await _server.PersonIdAsync("c2");

        var recorded = await PostAsync("/api/v1/privacy/consents", """
            {"identifier": {"type": "phone", "value": "+86 138-1234-0002"}, "source": "paper-form",
             "consents": [{"purpose": "marketing", "channel": "sms", "granted": false}, {"purpose": "profiling", "granted": true}]}
            """);

        Assert.Equal(personId, recorded.GetProperty("personId").GetString());
        Assert.Equal(["marketing", "marketing:sms", "profiling"], Topics(recorded.GetProperty("consents")));
        var history = (await _server.GetJsonAsync($"/api/v1/profiles/{personId}/consents")).GetProperty("history");
        Assert.Equal(3, history.GetArrayLength());
        Assert.Equal("paper-form", history[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task ConsentForAnIdentifierNobodyHasYet_CreatesThePerson()
    {
        await PostAsync("/api/v1/privacy/consents", """{"identifier": {"type": "email", "value": "New@Example.com"}, "consents": [{"purpose": "marketing", "channel": "email", "granted": true}]}""");

        var profile = await _server.GetJsonAsync("/api/v1/profiles/lookup?type=email&value=new@example.com");
        Assert.Equal("marketing:email", Assert.Single(profile.GetProperty("consents").EnumerateArray()).GetProperty("topic").GetString());
    }

    [Theory]
    [InlineData("""{"consents": [{"purpose": "marketing", "granted": true}]}""", "personId")]
    [InlineData("""{"personId": "p", "identifier": {"type": "phone", "value": "1"}, "consents": []}""", "personId")]
    [InlineData("""{"identifier": {"type": "Phone!", "value": "1"}, "consents": []}""", "identifier.type")]
    [InlineData("""{"identifier": {"type": "phone", "value": "abc"}, "consents": []}""", "identifier.value")]
    [InlineData("""{"identifier": {"type": "user_id", "value": "c1"}}""", "consents")]
    [InlineData("""{"identifier": {"type": "user_id", "value": "c1"}, "consents": []}""", "consents")]
    [InlineData("""{"identifier": {"type": "user_id", "value": "c1"}, "consents": [{"purpose": "marketing"}]}""", "consents[0].granted")]
    [InlineData("""{"identifier": {"type": "user_id", "value": "c1"}, "consents": [{"purpose": "spam", "granted": true}]}""", "consents[0].purpose")]
    [InlineData("""{"identifier": {"type": "user_id", "value": "c1"}, "consents": [{"purpose": "profiling", "channel": "sms", "granted": true}]}""", "consents[0].channel")]
    [InlineData("""{"identifier": {"type": "user_id", "value": "c1"}, "consents": [{"purpose": "marketing", "granted": true}], "at": "2999-01-01T00:00:00Z"}""", "at")]
    [InlineData("""{"identifier": {"type": "user_id", "value": "c1"}, "consents": [{"purpose": "marketing", "granted": true}], "source": ""}""", "source")]
    public async Task BadConsent_Is400NamingTheField_AndRecordsNothing(string body, string field)
    {
        var personId = await _server.PersonIdAsync("c1");

        using var response = await _server.Admin.PostAsync("/api/v1/privacy/consents", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"field\":\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await _server.FlushAsync();
        Assert.Equal(1, (await _server.GetJsonAsync($"/api/v1/profiles/{personId}/consents")).GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task UnsubscribeLink_ShowsAPage_AndWithdrawsOnlyItsTopicOnConfirm()
    {
        var personId = await _server.PersonIdAsync("c3");
        var link = await PostAsync("/api/v1/privacy/consents/links", $$"""{"personId": "{{personId}}", "topic": "marketing:email"}""");
        var path = link.GetProperty("path").GetString()!;

        // Opening the page (or a mail scanner prefetching it) changes nothing.
        using var page = await _server.Anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("marketing messages by email", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["marketing"], Topics((await _server.GetJsonAsync($"/api/v1/profiles/{personId}/consents")).GetProperty("consents")));

        using var confirmed = await _server.Anonymous.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        var consents = (await _server.GetJsonAsync($"/api/v1/profiles/{personId}/consents")).GetProperty("consents");
        Assert.Equal(["marketing", "marketing:email"], Topics(consents));
        Assert.False(consents[1].GetProperty("granted").GetBoolean());
        Assert.Equal("unsubscribe-link", consents[1].GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("/unsubscribe/not-a-token")]
    [InlineData("/unsubscribe/eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task ForgedUnsubscribeLink_Is404_AndChangesNothing(string path)
    {
        using var get = await _server.Anonymous.GetAsync(path);
        using var post = await _server.Anonymous.PostAsync(path, null);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, post.StatusCode));
    }

    [Fact]
    public async Task TamperedUnsubscribeLink_ForAnotherPerson_Is404()
    {
        var personId = await _server.PersonIdAsync("c1");
        var path = (await PostAsync("/api/v1/privacy/consents/links", $$"""{"personId": "{{personId}}", "topic": "marketing"}""")).GetProperty("path").GetString()!;
        var token = path["/unsubscribe/".Length..];
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]);
        var forged = System.Text.Encoding.UTF8.GetString(payload).Replace(personId, "p_other", StringComparison.Ordinal);

        using var response = await _server.Anonymous.PostAsync(
            $"/unsubscribe/{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(forged))}.{token.Split('.')[1]}", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Consents_AreScopedToTheKeysWorkspace()
    {
        var personId = await _server.PersonIdAsync("c1");
        using var other = await _server.OtherWorkspaceAdminAsync(new WorkspaceId("ws_other"), "hxk_other_consents");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/profiles/{personId}/consents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync("/api/v1/privacy/consents",
            HttpJson.Body($$"""{"personId": "{{personId}}", "consents": [{"purpose": "marketing", "granted": false}]}"""))).StatusCode);
    }

    [Fact]
    public async Task ConsentEvents_CannotBeGivenARetentionPolicy()
    {
        using var response = await _server.Admin.PutAsync("/api/v1/privacy/retention", HttpJson.Body("""{"policies": [{"event": "Consent Updated", "days": 30}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("policies[0].event", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> PostAsync(string path, string body)
    {
        using var response = await _server.Admin.PostAsync(path, HttpJson.Body(body));
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {json}");
        return json;
    }

    private static string[] Topics(JsonElement consents) => [.. consents.EnumerateArray().Select(c => c.GetProperty("topic").GetString()!)];
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Helix.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests;

public sealed class ProfilesApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly HelixTestServer _server = shared.Server;

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task AnonymousBrowsingThenLogin_IsOnePersonWithBothIdentifiers()
    {
        (await _server.Collect.PostJsonAsync("/v1/page", """{"anonymousId":"cookie-77","name":"Home","timestamp":"2026-11-01T10:00:00+08:00"}""")).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"M77","anonymousId":"cookie-77","traits":{"name":"王芳","tier":"gold"},"timestamp":"2026-11-02T10:00:00+08:00"}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        var byUser = await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=user_id&value=M77");
        var byCookie = await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=anonymous_id&value=cookie-77");

        Assert.Equal(byUser.GetProperty("personId").GetString(), byCookie.GetProperty("personId").GetString());
        Assert.Equal(2, byUser.GetProperty("eventCount").GetInt64());
        Assert.Equal("王芳", byUser.GetProperty("traits").GetProperty("name").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero), byUser.GetProperty("firstSeen").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero), byUser.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(["anonymous_id:cookie-77", "user_id:M77"],
            byUser.GetProperty("identifiers").EnumerateArray().Select(i => $"{i.GetProperty("type").GetString()}:{i.GetProperty("value").GetString()}").Order());
        var byId = await GetJsonAsync(_server.Admin, $"/api/v1/profiles/{byUser.GetProperty("personId").GetString()}");
        Assert.Equal(2, byId.GetProperty("eventCount").GetInt64());
    }

    [Fact]
    public async Task Timeline_PagesNewestFirstWithoutGapsOrRepeats()
    {
        var batch = string.Join(",", Enumerable.Range(0, 25).Select(i =>
            $$"""{"type":"track","userId":"u-timeline","event":"E{{i}}","messageId":"t{{i}}","timestamp":"2026-11-01T00:{{i / 2:00}}:00Z"}"""));
        (await _server.Collect.PostJsonAsync("/v1/batch", $$"""{"batch":[{{batch}}]}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();
        var person = (await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=user_id&value=u-timeline")).GetProperty("personId").GetString();

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetJsonAsync(_server.Admin, $"/api/v1/profiles/{person}/events?limit=10" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()!));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal("E24", seen[0]);
        Assert.Equal("E0", seen[^1]);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("/api/v1/profiles/lookup?type=Shoe%20Size&value=42", "type")]
    [InlineData("/api/v1/profiles/lookup?type=phone&value=call-me-maybe", "value")]
    [InlineData("/api/v1/profiles/lookup?type=idfa&value=00000000-0000-0000-0000-000000000000", "value")]
    [InlineData("/api/v1/profiles/lookup?type=user_id", "value")]
    [InlineData("/api/v1/profiles/p_123/events?limit=0", "limit")]
    [InlineData("/api/v1/profiles/p_123/events?limit=5000", "limit")]
    [InlineData("/api/v1/profiles/p_123/events?cursor=garbage", "cursor")]
    public async Task BadQuery_Returns400NamingTheField(string path, string field)
    {
        var problem = await GetJsonAsync(_server.Admin, path, HttpStatusCode.BadRequest);

        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task LookupByPhoneOrExternalId_FindsThePersonWhateverTheNotation()
    {
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"M500","traits":{"phone":"138 0013 8000"}}""")).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/track", """{"anonymousId":"oMP500","event":"Coupon Received","context":{"traits":{"phone":"+86-138-0013-8000"},"externalIds":[{"id":"oUN500","type":"wechat_unionid"}]}}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        var byUser = await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=user_id&value=M500");
        var byPhone = await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=phone&value=13800138000");
        var byUnionId = await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=wechat_unionid&value=oUN500");

        Assert.Equal(byUser.GetProperty("personId").GetString(), byPhone.GetProperty("personId").GetString());
        Assert.Equal(byUser.GetProperty("personId").GetString(), byUnionId.GetProperty("personId").GetString());
        Assert.Equal(2, byPhone.GetProperty("eventCount").GetInt64());
    }

    [Fact]
    public async Task IdentityGraph_ExplainsEveryLinkWithItsEventAndSource()
    {
        (await _server.Collect.PostJsonAsync("/v1/page", """{"anonymousId":"ck-9","name":"Home","messageId":"g1"}""")).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"M9","traits":{"phone":"13900000009"},"messageId":"g2"}""")).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"M9","anonymousId":"ck-9","messageId":"g3"}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();
        var person = (await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=phone&value=13900000009")).GetProperty("personId").GetString();

        var graph = await GetJsonAsync(_server.Admin, $"/api/v1/profiles/{person}/identity-graph");

        Assert.Equal(["anonymous_id:ck-9", "phone:+8613900000009", "user_id:M9"],
            graph.GetProperty("identifiers").EnumerateArray().Select(i => $"{i.GetProperty("type").GetString()}:{i.GetProperty("value").GetString()}").Order());
        var links = graph.GetProperty("links").EnumerateArray()
            .Select(l => $"{l.GetProperty("from").GetProperty("value").GetString()}-{l.GetProperty("to").GetProperty("value").GetString()} {l.GetProperty("kind").GetString()} {l.GetProperty("messageId").GetString()}")
            .ToArray();
        Assert.Equal(["+8613900000009-M9 linked g2", "ck-9-M9 merged g3"], links);
        Assert.All(graph.GetProperty("links").EnumerateArray(), l => Assert.StartsWith("src_", l.GetProperty("sourceId").GetString(), StringComparison.Ordinal));
        await GetJsonAsync(_server.Admin, "/api/v1/profiles/p_nobody/identity-graph", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownPerson_Returns404()
    {
        await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=user_id&value=nobody", HttpStatusCode.NotFound);
        await GetJsonAsync(_server.Admin, "/api/v1/profiles/p_nobody", HttpStatusCode.NotFound);
        await GetJsonAsync(_server.Admin, "/api/v1/profiles/p_nobody/events", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer hxk_wrong")]
    [InlineData("Basic aHh3X3Rlc3Rfd3JpdGU6")]
    public async Task ManagementApiWithoutValidKey_Returns401(string? authorization)
    {
        using var client = _server.NewClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.GetAsync("/api/v1/profiles/lookup?type=user_id&value=x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnotherWorkspace_SeesNothingOfThisOne()
    {
        var other = new WorkspaceId("other-brand");
        using var otherAdmin = await _server.OtherWorkspaceAdminAsync(other, "hxk_other");
        await _server.App.Services.GetRequiredService<IWorkspaceStore>().CreateSourceAsync(other, "other web", SourceTrust.Trusted, SecretKeys.Hash("hxw_other"), DateTimeOffset.UtcNow);
        using var otherCollect = _server.NewClient();
        otherCollect.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("hxw_other:")));
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"shared-id","traits":{"brand":"ours"}}""")).EnsureSuccessStatusCode();
        (await otherCollect.PostJsonAsync("/v1/identify", """{"userId":"shared-id","traits":{"brand":"theirs"}}""")).EnsureSuccessStatusCode();
        (await otherCollect.PostJsonAsync("/v1/identify", """{"userId":"only-theirs"}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        var ours = await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=user_id&value=shared-id");
        var theirs = await GetJsonAsync(otherAdmin, "/api/v1/profiles/lookup?type=user_id&value=shared-id");

        Assert.Equal("ours", ours.GetProperty("traits").GetProperty("brand").GetString());
        Assert.Equal("theirs", theirs.GetProperty("traits").GetProperty("brand").GetString());
        Assert.NotEqual(ours.GetProperty("personId").GetString(), theirs.GetProperty("personId").GetString());
        await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=user_id&value=only-theirs", HttpStatusCode.NotFound);
        await GetJsonAsync(_server.Admin, $"/api/v1/profiles/{theirs.GetProperty("personId").GetString()}", HttpStatusCode.NotFound);
        await GetJsonAsync(_server.Admin, $"/api/v1/profiles/{theirs.GetProperty("personId").GetString()}/events", HttpStatusCode.NotFound);
        var sources = await GetJsonAsync(_server.Admin, "/api/v1/sources");
        Assert.DoesNotContain(sources.EnumerateArray(), s => s.GetProperty("name").GetString() == "other web");
    }

    [Fact]
    public async Task Profile_DerivesAgeBirthdayMonthAndZodiacFromTheBirthday()
    {
        // Six months before the 30th birthday: 29 whichever day of it the server thinks it is.
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var birthday = today.AddYears(-30).AddMonths(6);
        var text = birthday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await _server.Collect.PostJsonAsync("/v1/identify", $$$"""{"userId":"born","traits":{"birthday":"{{{text}}}"}}""")).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/identify", """{"userId":"unborn","traits":{"birthday":"someday"}}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();

        var derived = (await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=user_id&value=born")).GetProperty("derived");
        var sign = Core.Profiles.Derived.ZodiacSigns.Of(birthday.Month, birthday.Day);

        Assert.Equal((29, birthday.Month), (derived.GetProperty("age").GetInt32(), derived.GetProperty("birthdayMonth").GetInt32()));
        Assert.Equal((sign.ToString().ToLowerInvariant(), Core.Profiles.Derived.ZodiacSigns.Chinese(sign)),
            (derived.GetProperty("zodiac").GetString(), derived.GetProperty("zodiacName").GetString()));
        Assert.Equal(JsonValueKind.Null, (await GetJsonAsync(_server.Admin, "/api/v1/profiles/lookup?type=user_id&value=unborn")).GetProperty("derived").ValueKind);
    }
}

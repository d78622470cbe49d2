using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Tests.Segments;

namespace Helix.Server.Tests.Privacy;

/// <summary>A person id merged into another still answers: the profile of the survivor, unsubscribe links, and erasure of the merge rows.</summary>
public sealed class MergedPersonsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private HelixTestServer _server = null!;
    private string _merged = null!;
    private string _survivor = null!;
    private string _link = null!;

    public async Task InitializeAsync()
    {
        _server = await HelixTestServer.StartAsync();
        await _server.SendAsync(Anonymous("cookie-1", "Page Viewed", -3), SegmentTestServer.Identify("m1", Now.AddHours(-2), new JsonObject { ["name"] = "Li" }));
        var anonymous = await PersonIdAsync("anonymous_id", "cookie-1");
        var known = await _server.PersonIdAsync("m1");
        var links = new Dictionary<string, string> { [anonymous] = await LinkAsync(anonymous), [known] = await LinkAsync(known) };

        var merge = Anonymous("cookie-1", "Signed In", -1);
        merge["userId"] = "m1";
        await _server.SendAsync(merge);

        _survivor = await _server.PersonIdAsync("m1");
        Assert.Equal(_survivor, await PersonIdAsync("anonymous_id", "cookie-1"));
        _merged = _survivor == known ? anonymous : known;
        _link = links[_merged];
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ProfileOfAMergedId_IsTheSurvivorsProfile_WithMergedFrom()
    {
        var profile = await _server.GetJsonAsync($"/api/v1/profiles/{_merged}");

        Assert.Equal((_survivor, _merged), (profile.GetProperty("personId").GetString(), profile.GetProperty("mergedFrom").GetString()));
        Assert.Equal(JsonValueKind.Null, (await _server.GetJsonAsync($"/api/v1/profiles/{_survivor}")).GetProperty("mergedFrom").ValueKind);
    }

    [Fact]
    public async Task UnsubscribeLinkOfAMergedPerson_WithdrawsForTheSurvivor()
    {
        using var confirmed = await _server.Anonymous.PostAsync(_link, null);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var consent = Assert.Single((await _server.GetJsonAsync($"/api/v1/profiles/{_survivor}/consents")).GetProperty("consents").EnumerateArray());
        Assert.Equal(("marketing:email", false, "unsubscribe-link"),
            (consent.GetProperty("topic").GetString(), consent.GetProperty("granted").GetBoolean(), consent.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task ErasingTheSurvivor_DeletesItsMergeRows_AndTheOldIdAnswers404()
    {
        using var erased = await _server.Admin.PostJsonAsync("/api/v1/privacy/erasures", $$"""{"personId":"{{_survivor}}","reason":"DSR"}""");

        Assert.Equal(HttpStatusCode.Created, erased.StatusCode);
        Assert.Equal(1, (await erased.ReadJsonAsync()).GetProperty("stores").GetProperty("person_merges").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync($"/api/v1/profiles/{_merged}")).StatusCode);
        using var link = await _server.Anonymous.PostAsync(_link, null);
        Assert.Equal(HttpStatusCode.NotFound, link.StatusCode);
    }

    private static JsonObject Anonymous(string anonymousId, string name, int hours) => new()
    {
        ["type"] = "track", ["anonymousId"] = anonymousId, ["event"] = name, ["timestamp"] = Now.AddHours(hours).ToString("O"), ["properties"] = new JsonObject(),
    };

    private async Task<string> PersonIdAsync(string type, string value) =>
        (await _server.GetJsonAsync($"/api/v1/profiles/lookup?type={type}&value={value}")).GetProperty("personId").GetString()!;

    private async Task<string> LinkAsync(string personId)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/privacy/consents/links", HttpJson.Body($$"""{"personId": "{{personId}}", "topic": "marketing:email"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("path").GetString()!;
    }
}

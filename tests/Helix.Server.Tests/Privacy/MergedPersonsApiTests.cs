using System.Globalization;
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

    [Theory]
    [InlineData("/api/v1/profiles/{0}")]
    [InlineData("/api/v1/profiles/{0}/events")]
    [InlineData("/api/v1/profiles/{0}/tag-history")]
    [InlineData("/api/v1/profiles/{0}/identity-graph")]
    [InlineData("/api/v1/profiles/{0}/consents")]
    [InlineData("/api/v1/privacy/subject-access/{0}")]
    public async Task ReadsByAMergedId_AnswerForTheSurvivor_NamingTheIdInAHeader(string route)
    {
        using var merged = await _server.Admin.GetAsync(string.Format(CultureInfo.InvariantCulture, route, _merged));
        using var direct = await _server.Admin.GetAsync(string.Format(CultureInfo.InvariantCulture, route, _survivor));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (merged.StatusCode, direct.StatusCode));
        Assert.Equal([_merged], merged.Headers.GetValues("Helix-Merged-From"));
        Assert.False(direct.Headers.Contains("Helix-Merged-From"));
        var (byMerged, bySurvivor) = (await merged.ReadJsonAsync(), await direct.ReadJsonAsync());
        Assert.Equal(Comparable(bySurvivor), Comparable(byMerged));
        if (byMerged.ValueKind == JsonValueKind.Object && byMerged.TryGetProperty("personId", out var personId))
        {
            Assert.Equal(_survivor, personId.GetString());
        }
    }

    [Fact]
    public async Task ErasureByAMergedId_Answers404_AndErasesNobody()
    {
        using var erased = await _server.Admin.PostJsonAsync("/api/v1/privacy/erasures", $$"""{"personId":"{{_merged}}","reason":"DSR"}""");

        Assert.Equal(HttpStatusCode.NotFound, erased.StatusCode);
        Assert.Equal(_survivor, (await _server.GetJsonAsync($"/api/v1/profiles/{_merged}")).GetProperty("personId").GetString());
        Assert.Equal("Li", (await _server.GetJsonAsync($"/api/v1/profiles/{_survivor}")).GetProperty("traits").GetProperty("name").GetString());
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

    /// <summary>The body without what differs between two reads of the same person: the id asked for and the time of the export.</summary>
    private static string Comparable(JsonElement body)
    {
        var node = JsonNode.Parse(body.GetRawText())!;
        if (node is JsonObject root)
        {
            root.Remove("mergedFrom");
            root.Remove("generatedAt");
            (root["profile"] as JsonObject)?.Remove("mergedFrom");
        }

        return node.ToJsonString();
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

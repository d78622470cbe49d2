using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Server.Tests.Segments;

namespace Helix.Server.Tests.Privacy;

/// <summary>A person id merged into another still answers: the profile of the survivor, unsubscribe links, and erasure of the merge rows.</summary>
public sealed class MergedPersonsApiTests(MergedPersonsApiTests.World world) : IClassFixture<MergedPersonsApiTests.World>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly HelixTestServer _server = world.Server;
    private readonly string _merged = world.Pairs["read"].Merged;
    private readonly string _survivor = world.Pairs["read"].Survivor;

    /// <summary>A merged id, its survivor, and an unsubscribe link made for the merged id before the merge.</summary>
    public sealed record MergedPair(string Merged, string Survivor, string Link);

    /// <summary>
    /// Three pairs, each an anonymous browser merged into a known member: "read" for the tests that only read,
    /// "unsubscribe" and "erase" for the two that change their pair.
    /// </summary>
    public sealed class World : SharedServer
    {
        public Dictionary<string, MergedPair> Pairs { get; } = [];

        protected override async Task<HelixTestServer> StartAsync()
        {
            var server = await HelixTestServer.StartAsync();
            foreach (var name in new[] { "read", "unsubscribe", "erase" })
            {
                Pairs[name] = await MergeAsync(server, name);
            }

            return server;
        }
    }

    private static async Task<MergedPair> MergeAsync(HelixTestServer server, string name)
    {
        var (cookie, member) = ($"cookie-{name}", $"m-{name}");
        await server.SendAsync(Anonymous(cookie, "Page Viewed", -3), SegmentTestServer.Identify(member, Now.AddHours(-2), new JsonObject { ["name"] = "Li" }));
        var anonymous = await PersonIdAsync(server, "anonymous_id", cookie);
        var known = await server.PersonIdAsync(member);
        var links = new Dictionary<string, string> { [anonymous] = await LinkAsync(server, anonymous), [known] = await LinkAsync(server, known) };

        var merge = Anonymous(cookie, "Signed In", -1);
        merge["userId"] = member;
        await server.SendAsync(merge);

        var survivor = await server.PersonIdAsync(member);
        Assert.Equal(survivor, await PersonIdAsync(server, "anonymous_id", cookie));
        var merged = survivor == known ? anonymous : known;
        return new MergedPair(merged, survivor, links[merged]);
    }

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
        var (_, survivor, link) = world.Pairs["unsubscribe"];
        using var confirmed = await _server.Anonymous.PostAsync(link, null);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var consent = Assert.Single((await _server.GetJsonAsync($"/api/v1/profiles/{survivor}/consents")).GetProperty("consents").EnumerateArray());
        Assert.Equal(("marketing:email", false, "unsubscribe-link"),
            (consent.GetProperty("topic").GetString(), consent.GetProperty("granted").GetBoolean(), consent.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task ErasingTheSurvivor_DeletesItsMergeRows_AndTheOldIdAnswers404()
    {
        var (merged, survivor, link) = world.Pairs["erase"];
        using var erased = await _server.Admin.PostJsonAsync("/api/v1/privacy/erasures", $$"""{"personId":"{{survivor}}","reason":"DSR"}""");

        Assert.Equal(HttpStatusCode.Created, erased.StatusCode);
        Assert.Equal(1, (await erased.ReadJsonAsync()).GetProperty("stores").GetProperty("person_merges").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync($"/api/v1/profiles/{merged}")).StatusCode);
        using var unsubscribe = await _server.Anonymous.PostAsync(link, null);
        Assert.Equal(HttpStatusCode.NotFound, unsubscribe.StatusCode);
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

    private static async Task<string> PersonIdAsync(HelixTestServer server, string type, string value) =>
        (await server.GetJsonAsync($"/api/v1/profiles/lookup?type={type}&value={value}")).GetProperty("personId").GetString()!;

    private static async Task<string> LinkAsync(HelixTestServer server, string personId)
    {
        using var response = await server.Admin.PostAsync("/api/v1/privacy/consents/links", HttpJson.Body($$"""{"personId": "{{personId}}", "topic": "marketing:email"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("path").GetString()!;
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Workspaces;
using Helix.Server.Tests.Segments;

namespace Helix.Server.Tests.Security;

/// <summary>
/// Workspace B holds a person, definitions, tags and segments marked with distinctive values. With workspace A's key,
/// every GET endpoint of the API — asked for B's own ids and names — and an estimate over B's values must show none
/// of them: no read, no count, nothing to infer.
/// </summary>
public sealed class WorkspaceIsolationTests(WorkspaceIsolationTests.World world) : IClassFixture<WorkspaceIsolationTests.World>
{
    private const string Phone = "13900009999";
    private static readonly string[] Markers = ["B-SECRET", Phone, "秘密乙", "b_secret", "ws_b"];
    private readonly HelixTestServer _server = world.Server;
    private readonly HttpClient _b = world.B;
    private readonly string _bPerson = world.BPerson;

    /// <summary>Workspace B with a source, a member, definitions and a segment, all marked; workspace A with a little of its own.</summary>
    public sealed class World : SharedServer
    {
        public HttpClient B { get; private set; } = null!;

        public string BPerson { get; private set; } = null!;

        protected override async Task<HelixTestServer> StartAsync()
        {
            var server = await HelixTestServer.StartAsync();
            B = await server.OtherWorkspaceAdminAsync(new WorkspaceId("ws_b"), "hxk_b_admin");
            using var source = await B.PostAsync("/api/v1/sources", HttpJson.Body("""{"name": "b_secret_shop", "trust": "trusted"}"""));
            var writeKey = (await source.ReadJsonAsync()).GetProperty("writeKey").GetString()!;
            using var collect = server.NewClient();
            collect.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
            var now = DateTimeOffset.UtcNow;
            var batch = new JsonObject
            {
                ["batch"] = new JsonArray(
                    SegmentTestServer.Identify("B-SECRET-USER", now, new JsonObject { ["phone"] = Phone, ["name"] = "秘密乙", ["city"] = "B-SECRET-CITY" }),
                    SegmentTestServer.Track("B-SECRET-USER", "B-SECRET Event", now, new JsonObject { ["total"] = 999 }),
                    SegmentTestServer.Track("B-SECRET-USER", "Order Completed", now, new JsonObject { ["total"] = 999 })),
            };
            (await collect.PostJsonAsync("/v1/batch", batch.ToJsonString())).EnsureSuccessStatusCode();
            await server.FlushAsync();
            using var definitions = await B.PutAsync("/api/v1/profile-definitions", HttpJson.Body("""
                {"computedTraits": [{"name": "b_secret_spend", "function": "sum", "event": "Order Completed", "of": "properties.total"}],
                 "categories": [{"name": "b_secret_category"}],
                 "tags": [{"name": "b_secret_tag", "kind": "rule", "category": "b_secret_category", "when": {"computed": "b_secret_spend", "op": "gt", "value": 1}}],
                 "segments": [{"name": "b_secret_segment", "when": "did(\"B-SECRET Event\")"}]}
                """));
            Assert.True(definitions.IsSuccessStatusCode, await definitions.Content.ReadAsStringAsync());
            BPerson = (await (await B.GetAsync("/api/v1/profiles/lookup?type=user_id&value=B-SECRET-USER")).ReadJsonAsync()).GetProperty("personId").GetString()!;

            // Workspace A has data of its own, so lists are not trivially empty.
            await server.SendAsync(SegmentTestServer.Track("a-user", "Order Completed", now, new JsonObject { ["total"] = 5 }));
            return server;
        }
    }

    [Fact]
    public async Task WorkspaceB_SeesItsOwnData()
    {
        // The markers are there to be found: B's own key finds them, so A not finding them means something.
        var members = await (await _b.GetAsync("/api/v1/segments/b_secret_segment/members")).Content.ReadAsStringAsync();
        Assert.Contains(_bPerson, members, StringComparison.Ordinal);
        var profile = await (await _b.GetAsync($"/api/v1/profiles/{_bPerson}")).Content.ReadAsStringAsync();
        Assert.Contains("秘密乙", profile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryGetEndpoint_WithAsKey_ShowsNothingOfB()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["personId"] = _bPerson, ["name"] = "b_secret_segment", ["identifier"] = "B-SECRET-USER", ["documentName"] = "v1",
            ["type"] = "user_id", ["value"] = "B-SECRET-USER", ["person"] = _bPerson, ["fields"] = "person_id,trait:name,trait:phone,id:user_id",
            ["format"] = "yaml", ["hash"] = "md5",
        };
        var leaks = new List<string>();
        var requests = 0;
        foreach (var endpoint in ApiEndpoints.Of(_server).Where(e => e.Method == "GET"))
        {
            foreach (var name in new[] { "b_secret_segment", "b_secret_tag", "b_secret_spend" })
            {
                var path = endpoint.Path(parameter => Uri.EscapeDataString(parameter == "name" ? name : values.GetValueOrDefault(parameter, name)));
                var query = string.Join('&', endpoint.QueryNames.Where(values.ContainsKey).Select(q => $"{q}={Uri.EscapeDataString(q == "type" && path.Contains("/seed", StringComparison.Ordinal) ? "phone" : values[q])}"));
                var url = query.Length > 0 ? $"{path}?{query}" : path;
                requests++;
                using var response = await _server.Admin.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                // What the request itself names may be echoed back ("no segment 'b_secret_segment'"); anything else of B may not.
                var asked = Uri.UnescapeDataString(url);
                foreach (var marker in Markers.Append(_bPerson).Where(m => !asked.Contains(m, StringComparison.Ordinal)))
                {
                    if (body.Contains(marker, StringComparison.Ordinal))
                    {
                        leaks.Add($"{endpoint} {url} → {(int)response.StatusCode} shows '{marker}'");
                    }
                }

                if (response.IsSuccessStatusCode && endpoint.RouteParameters.Length > 0 && endpoint.Pattern != "/openapi/{documentName}.json")
                {
                    leaks.Add($"{endpoint} {url} → {(int)response.StatusCode}: a resource of B answered A's key");
                }
            }
        }

        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks in {requests} requests:\n" + string.Join('\n', leaks));
    }

    [Theory]
    [InlineData("did(\"B-SECRET Event\")")]
    [InlineData("trait(\"name\") = \"秘密乙\"")]
    [InlineData("trait(\"phone\") exists")]
    [InlineData("did(\"Order Completed\", sum(total) >= 999)")]
    public async Task AnEstimateWithAsKey_CountsNoneOfB(string when)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/segments/estimate", HttpJson.Body(JsonSerializer.Serialize(new { when })));

        var estimate = await response.ReadJsonAsync();
        Assert.Equal(0, estimate.GetProperty("count").GetInt64());
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Helix.Core.Workspaces;
using Helix.Server.Security;
using Helix.Server.Workspaces;
using Helix.Storage.DuckDb;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Helix.Server.Tests.Security;

/// <summary>
/// Sends a corpus of hostile input to every endpoint the app maps (route values, query parameters,
/// JSON bodies, raw bodies, content types) with valid keys, and requires a clean answer: never a 5xx,
/// every error a problem document, the server still up and the store holding exactly what it held plus
/// what the collect endpoints acknowledged.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string SqlText = "\"; DROP TABLE events; --";
    private const int SeededEvents = 3;

    private static readonly string LongText = new('x', 1 << 20);

    /// <summary>Strings placed in route values, query values and JSON string properties.</summary>
    private static readonly Hostile[] Strings =
    [
        new("sql-or", "' OR 1=1 --"),
        new("sql-drop", SqlText),
        new("json-injection", "\",\"admin\":true,\"x\":\"{\"a\":[1]}"),
        new("template", "{{7*7}}"),
        new("jndi", "${jndi:ldap://x}"),
        new("huge-float", "1e309"),
        new("huge-integer", new string('9', 400)),
        new("negative", "-2147483649"),
        new("traversal", "../../etc/passwd"),
        new("encoded-traversal", "..%2F..%2Fetc%2Fpasswd", "..%2F..%2Fetc%2Fpasswd"),
        new("double-encoded-traversal", "..%252F..%252F", "..%252F..%252F"),
        new("nul", "a\0b", KestrelRefusesInUrl: true),
        new("emoji", "😀👩‍👩‍👧"),
        new("lone-surrogate", "a\uD800b", "a%ED%A0%80b"),
        new("invalid-utf8", "a\uFFFDb", "a%C3%28%FFb"),
        new("long", LongText, new string('x', 2048), KestrelRefusesInUrl: true),
        new("empty", "", "%20"),
        new("proto", "__proto__"),
    ];

    /// <summary>Whole bodies sent as they are to endpoints that take one.</summary>
    private static readonly (string Name, byte[] Bytes, string ContentType)[] RawBodies =
    [
        ("truncated-json", "{\"name\":"u8.ToArray(), "application/json"),
        ("not-json", "' OR 1=1 --"u8.ToArray(), "application/json"),
        ("deep-nesting", Encoding.ASCII.GetBytes(new string('[', 10_000)), "application/json"),
        ("deep-object", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5_000))), "application/json"),
        ("invalid-utf8", [.. "{\"name\":\"a"u8, 0xC3, 0x28, 0xFF, .. "\"}"u8], "application/json"),
        ("nul-bytes", [.. "{\"name\":\"a"u8, 0, .. "\"}"u8, 0], "application/json"),
        ("huge-numbers", Encoding.ASCII.GetBytes($"{{\"limit\":1e309,\"count\":{new string('9', 400)},\"replace\":1e309,\"threshold\":-1e309}}"), "application/json"),
        ("array-root", "[1,2,3]"u8.ToArray(), "application/json"),
        ("null-root", "null"u8.ToArray(), "application/json"),
        ("text-plain", "{\"name\":\"x\"}"u8.ToArray(), "text/plain"),
        ("xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"u8.ToArray(), "application/xml"),
        ("form", "name=x&trust=trusted"u8.ToArray(), "application/x-www-form-urlencoded"),
        ("yaml-alias-bomb", Encoding.ASCII.GetBytes(YamlBomb()), "application/yaml"),
    ];

    private HelixTestServer _server = null!;
    private HttpClient _collect = null!;
    private HttpClient _admin = null!;

    /// <summary>Nine levels of nine aliases each: 9^9 strings if a parser expands them.</summary>
    private static string YamlBomb()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 9; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        }

        lines.Add("types: *a8");
        return string.Join('\n', lines);
    }

    public async Task InitializeAsync()
    {
        var generous = RateLimit.PerSecond(1_000_000, burst: 1_000_000);
        // Bodies repeat the 1 MB string in every property; the server-wide limit has tests of its own.
        _server = await HelixTestServer.StartAsync(configure: o => o with
        {
            CollectRateLimit = generous,
            ManagementRateLimit = generous,
            MaxRequestBodyBytes = 64 << 20,
        });
        _collect = Patient(_server.Collect);
        _admin = Patient(_server.Admin);
    }

    public async Task DisposeAsync()
    {
        _collect.Dispose();
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>
    /// A client with the same key that waits up to 30 s for the server's answer to "Expect: 100-continue". With the
    /// default 1 s, a loaded machine's late refusal arrives after the client began sending the body anyway, and Kestrel
    /// resets the connection on the unread body: a failure of the test's client, not of the server.
    /// </summary>
    private HttpClient Patient(HttpClient keyed) => new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
    {
        BaseAddress = _server.BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = keyed.DefaultRequestHeaders.Authorization },
    };

    [Fact]
    public async Task EveryEndpoint_AnswersHostileInputCleanly_AndTheStoreStaysIntact()
    {
        var seeded = await SeedAsync();
        var endpoints = ApiEndpoints.Of(_server);
        var known = new Dictionary<string, string>(StringComparer.Ordinal) { ["personId"] = seeded, ["name"] = "vip_list", ["identifier"] = "u-seed", ["documentName"] = "v1" };
        var failures = new List<string>();
        var acceptedEvents = 0;
        var requests = 0;
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);

        foreach (var endpoint in endpoints)
        {
            foreach (var request in Requests(endpoint, known))
            {
                requests++;
                using var message = request.Message;
                // As a well-behaved client does: a body the server refuses by its length is then never sent.
                message.Headers.ExpectContinue = message.Content is not null;
                var client = endpoint.IsCollect ? _collect : _admin;
                using var response = await client.SendAsync(message);
                var key = $"{endpoint} {(int)response.StatusCode}";
                statuses[key] = statuses.GetValueOrDefault(key) + 1;
                if (await ProblemAsync(response, request.KestrelMayRefuse) is { } problem)
                {
                    failures.Add($"{endpoint} [{request.Input}]: {problem}");
                }
                else if (endpoint.IsCollect && response.IsSuccessStatusCode)
                {
                    acceptedEvents++;
                }
            }
        }

        output.WriteLine(string.Join('\n', statuses.Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests to {endpoints.Count} endpoints failed:\n" + string.Join('\n', failures.Take(200)));
        await AssertStoreIntactAsync(seeded, acceptedEvents);
    }

    /// <summary>Seeds three events of one person (with SQL text as data) and a list tag, and returns the person's id.</summary>
    private async Task<string> SeedAsync()
    {
        using var definitions = await _server.Admin.PutAsync("/api/v1/profile-definitions", HttpJson.Body("""
            {"computedTraits": [{"name": "orders_90d", "function": "count", "event": "Order Completed", "window": "90d"}],
             "categories": [{"name": "lists", "description": "Imported lists"}],
             "tags": [{"name": "vip_list", "kind": "list", "category": "lists", "identifierType": "phone"},
                      {"name": "buyer", "kind": "rule", "category": "lists", "when": {"computed": "orders_90d", "op": "gte", "value": 1}}]}
            """));
        definitions.EnsureSuccessStatusCode();
        var events = string.Join(",", Enumerable.Range(0, SeededEvents).Select(i =>
            $$$"""{"type":"track","userId":"u-seed","event":"Order Completed","messageId":"seed-{{{i}}}","properties":{"note":{{{JsonSerializer.Serialize(SqlText)}}}}}"""));
        (await _server.Collect.PostJsonAsync("/v1/batch", $$"""{"batch":[{{events}}]}""")).EnsureSuccessStatusCode();
        await _server.FlushAsync();
        using var lookup = await _server.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=u-seed");
        lookup.EnsureSuccessStatusCode();
        return (await lookup.ReadJsonAsync()).GetProperty("personId").GetString()!;
    }

    private async Task AssertStoreIntactAsync(string seededPerson, int acceptedEvents)
    {
        using var live = await _server.Anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await _server.FlushAsync();

        var store = _server.App.Services.GetRequiredService<DuckDbStore>();
        Assert.Equal(SeededEvents + acceptedEvents, await store.CountEventsAsync(new WorkspaceId(Bootstrap.DefaultWorkspaceId)));
        using var lookup = await _server.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=u-seed");
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal(seededPerson, (await lookup.ReadJsonAsync()).GetProperty("personId").GetString());
        using var timeline = await _server.Admin.GetAsync($"/api/v1/profiles/{seededPerson}/events");
        var stored = (await timeline.ReadJsonAsync()).GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(SeededEvents, stored.Count);
        Assert.All(stored, e => Assert.Equal(SqlText, e.GetProperty("properties").GetProperty("note").GetString()));
    }

    /// <returns>Why the response is not clean, or null.</returns>
    /// <param name="kestrelMayRefuse">
    /// The request line carries a NUL or is longer than Kestrel's 8 KB: Kestrel's parser answers with an
    /// empty 400 or 414 before the app sees the request.
    /// </param>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response, bool kestrelMayRefuse)
    {
        var status = (int)response.StatusCode;
        if (kestrelMayRefuse && status is 400 or 414 or 431 && response.Content.Headers.ContentLength == 0)
        {
            return null;
        }

        if (status >= 500)
        {
            return $"{status}: {Truncate(await response.Content.ReadAsStringAsync())}";
        }

        if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as '{response.Content.Headers.ContentType}', not a problem document";
        }

        return null;
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>
    /// Per hostile string: the route values alone; each query parameter alone (route values naming seeded
    /// data, so the handler gets past its lookups); and for endpoints with a body, the string in every
    /// property and the string only where free text belongs. Then each raw body.
    /// </summary>
    private static IEnumerable<HostileRequest> Requests(ApiEndpoint endpoint, Dictionary<string, string> known)
    {
        var takesBody = endpoint.Method is "POST" or "PUT" or "PATCH";
        var valid = endpoint.Path(name => known.GetValueOrDefault(name, "hostile-test"));
        foreach (var hostile in Strings)
        {
            if (endpoint.RouteParameters.Length > 0)
            {
                yield return Request(hostile, endpoint.Path(_ => hostile.UrlForm), hostile.Text, everywhere: true);
            }

            foreach (var name in endpoint.QueryNames)
            {
                yield return Request(hostile, $"{valid}?{name}={hostile.UrlForm}", hostile.Text, everywhere: true);
            }

            if (takesBody)
            {
                yield return Request(hostile, valid, hostile.Text, everywhere: true);
                yield return Request(hostile, valid, hostile.Text, everywhere: false);
            }
            else if (endpoint.RouteParameters.Length == 0 && endpoint.QueryNames.Length == 0)
            {
                yield return Request(hostile, $"{valid}?{hostile.UrlForm}={hostile.UrlForm}", hostile.Text, everywhere: true);
            }
        }

        if (!takesBody)
        {
            yield break;
        }

        HostileRequest Request(Hostile hostile, string uri, string text, bool everywhere)
        {
            var message = new HttpRequestMessage(new HttpMethod(endpoint.Method), uri);
            if (takesBody)
            {
                message.Content = new StringContent(everywhere ? JsonEverywhere(text) : JsonAsData(text), Encoding.UTF8, "application/json");
            }

            return new HostileRequest(everywhere ? hostile.Name : hostile.Name + " as data", message, hostile.KestrelRefusesInUrl);
        }

        foreach (var (name, bytes, contentType) in RawBodies)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            yield return new HostileRequest(name, new HttpRequestMessage(new HttpMethod(endpoint.Method), valid) { Content = content }, KestrelMayRefuse: false);
        }
    }

    /// <summary>
    /// One object carrying the value in the properties the endpoints read (collect messages, sources,
    /// tags, identity operations, rules, lists), so each endpoint finds it where it looks.
    /// </summary>
    private static string JsonEverywhere(string value)
    {
        var message = new Dictionary<string, object?>
        {
            ["type"] = "track",
            ["userId"] = value,
            ["anonymousId"] = value,
            ["event"] = value,
            ["previousId"] = value,
            ["groupId"] = value,
            ["name"] = value,
            ["messageId"] = value,
            ["timestamp"] = value,
            ["properties"] = new Dictionary<string, object?> { [value.Length > 1000 ? "k" : value] = value, ["total"] = value },
            ["traits"] = new Dictionary<string, object?> { ["phone"] = value, ["email"] = value },
            ["context"] = new Dictionary<string, object?> { ["ip"] = value },
        };
        return JsonSerializer.Serialize(new Dictionary<string, object?>(message)
        {
            ["batch"] = new[] { message },
            ["trust"] = value,
            ["identifierType"] = value,
            ["values"] = new[] { value },
            ["kind"] = value,
            ["category"] = value,
            ["operation"] = value,
            ["personId"] = value,
            ["personIds"] = new[] { value, value },
            ["identifier"] = new Dictionary<string, object?> { ["type"] = value, ["value"] = value },
            ["reason"] = value,
            ["definition"] = value,
            ["rules"] = new[] { new Dictionary<string, object?> { ["type"] = value, ["field"] = value } },
        });
    }

    /// <summary>A valid message and list import whose free text (event name, property and trait values) is the value.</summary>
    private static string JsonAsData(string value)
    {
        var message = new Dictionary<string, object?>
        {
            ["userId"] = "u-hostile",
            ["groupId"] = "g-hostile",
            ["previousId"] = "a-hostile",
            ["event"] = value,
            ["name"] = value,
            ["properties"] = new Dictionary<string, object?> { ["note"] = value, [value.Length > 1000 ? "k" : value] = 1 },
            ["traits"] = new Dictionary<string, object?> { ["nickname"] = value },
        };
        return JsonSerializer.Serialize(new Dictionary<string, object?>(message)
        {
            ["batch"] = new[] { new Dictionary<string, object?>(message) { ["type"] = "track" } },
            ["identifierType"] = "phone",
            ["values"] = new[] { value },
            ["reason"] = value,
        });
    }

    private sealed record Hostile(string Name, string Text, string? Url = null, bool KestrelRefusesInUrl = false)
    {
        public string UrlForm => Url ?? Uri.EscapeDataString(Text);
    }

    private sealed record HostileRequest(string Input, HttpRequestMessage Message, bool KestrelMayRefuse);
}

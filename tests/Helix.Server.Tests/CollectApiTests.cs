using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Helix.Server.Tests;

public sealed class CollectApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly HelixTestServer _server = shared.Server;

    private async Task<JsonElement> LookupAsync(string type, string value)
    {
        await _server.FlushAsync();
        using var response = await _server.Admin.GetAsync($"/api/v1/profiles/lookup?type={type}&value={Uri.EscapeDataString(value)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<long> EventCountAsync(string userId) =>
        (await LookupAsync("user_id", userId)).GetProperty("eventCount").GetInt64();

    [Theory]
    [InlineData("track", """{"userId":"u-track","event":"Product Viewed"}""")]
    [InlineData("identify", """{"userId":"u-identify","traits":{"name":"张三"}}""")]
    [InlineData("page", """{"userId":"u-page","name":"Home"}""")]
    [InlineData("screen", """{"userId":"u-screen","name":"Cart"}""")]
    [InlineData("group", """{"userId":"u-group","groupId":"store-12"}""")]
    [InlineData("alias", """{"userId":"u-alias","previousId":"anon-before"}""")]
    public async Task EachCall_IsAcceptedAndStored(string call, string json)
    {
        using var response = await _server.Collect.PostJsonAsync($"/v1/{call}", json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("success").GetBoolean());
        Assert.Equal(1, await EventCountAsync($"u-{call}"));
    }

    [Fact]
    public async Task Batch_IsStoredWithEveryMessage()
    {
        using var response = await _server.Collect.PostJsonAsync("/v1/batch", """
            {"batch":[
              {"type":"page","anonymousId":"a-1","name":"Home","messageId":"b1"},
              {"type":"identify","userId":"u-batch","anonymousId":"a-1","traits":{"city":"成都"},"messageId":"b2"},
              {"type":"track","userId":"u-batch","event":"Order Completed","properties":{"total":88},"messageId":"b3"}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await LookupAsync("anonymous_id", "a-1");
        Assert.Equal(3, profile.GetProperty("eventCount").GetInt64());
        Assert.Equal("成都", profile.GetProperty("traits").GetProperty("city").GetString());
    }

    [Fact]
    public async Task ResentBatch_StoresNothingTwice()
    {
        const string batch = """
            {"batch":[{"type":"track","userId":"u-dup","event":"A","messageId":"dup-1"},{"type":"track","userId":"u-dup","event":"B","messageId":"dup-2"}]}
            """;

        (await _server.Collect.PostJsonAsync("/v1/batch", batch)).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/batch", batch)).EnsureSuccessStatusCode();
        (await _server.Collect.PostJsonAsync("/v1/track", """{"userId":"u-dup","event":"A","messageId":"dup-1"}""")).EnsureSuccessStatusCode();

        Assert.Equal(2, await EventCountAsync("u-dup"));
    }

    [Fact]
    public async Task GzipBody_IsAccepted()
    {
        using var response = await _server.Collect.PostAsync("/v1/track", HttpJson.Gzip("""{"userId":"u-gzip","event":"Zipped"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await EventCountAsync("u-gzip"));
    }

    [Fact]
    public async Task WriteKeyInBody_IsAccepted()
    {
        using var response = await _server.Anonymous.PostJsonAsync("/v1/batch",
            $$"""{"writeKey":"{{HelixTestServer.WriteKey}}","batch":[{"type":"track","userId":"u-bodykey","event":"E"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownWriteKey_Returns401()
    {
        using var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("nope:")));

        using var response = await client.PostJsonAsync("/v1/track", """{"userId":"u","event":"E"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NoWriteKey_Returns401()
    {
        using var response = await _server.Anonymous.PostJsonAsync("/v1/track", """{"userId":"u","event":"E"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MalformedJson_Returns400NamingTheBody()
    {
        using var response = await _server.Collect.PostJsonAsync("/v1/track", """{"userId":"u","event":""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("body", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task WrongFieldType_Returns400NamingTheField()
    {
        using var response = await _server.Collect.PostJsonAsync("/v1/track", """{"userId":"u","event":"E","timestamp":"not a date"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("timestamp", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task BatchWithOneBadItem_Returns400ListingItAndStoresNothing()
    {
        using var response = await _server.Collect.PostJsonAsync("/v1/batch", """
            {"batch":[{"type":"track","userId":"u-allornothing","event":"Good"},{"type":"track","userId":"u-allornothing","messageId":"m-bad"}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        var rejected = Assert.Single(problem.GetProperty("rejected").EnumerateArray());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.Equal("m-bad", rejected.GetProperty("messageId").GetString());
        Assert.Equal("batch[1].event", rejected.GetProperty("errors")[0].GetProperty("field").GetString());
        await _server.FlushAsync();
        using var lookup = await _server.Admin.GetAsync("/api/v1/profiles/lookup?type=user_id&value=u-allornothing");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task EventOver32KB_Returns413()
    {
        var big = new string('x', 33 * 1024);

        using var response = await _server.Collect.PostJsonAsync("/v1/track", $$$"""{"userId":"u","event":"E","properties":{"blob":"{{{big}}}"}}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BatchItemOver32KB_Returns413NamingTheItem()
    {
        var big = new string('x', 33 * 1024);

        using var response = await _server.Collect.PostJsonAsync("/v1/batch",
            $$$"""{"batch":[{"type":"track","userId":"u","event":"E"},{"type":"track","userId":"u","event":"E","properties":{"blob":"{{{big}}}"}}]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("rejected")[0].GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task BatchOver500KB_Returns413()
    {
        var item = $$$"""{"type":"track","userId":"u","event":"E","properties":{"blob":"{{{new string('x', 20 * 1024)}}}"}}""";
        var batch = $$"""{"batch":[{{string.Join(",", Enumerable.Repeat(item, 30))}}]}""";

        using var response = await _server.Collect.PostJsonAsync("/v1/batch", batch);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task GzipBombOver500KB_Returns413()
    {
        var bomb = $$$"""{"batch":[{"type":"track","userId":"u","event":"E","properties":{"blob":"{{{new string('a', 2 * 1024 * 1024)}}}"}}]}""";

        using var response = await _server.Collect.PostAsync("/v1/batch", HttpJson.Gzip(bomb));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task CorruptGzip_Returns400()
    {
        var content = new ByteArrayContent([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await _server.Collect.PostAsync("/v1/track", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DeeplyNestedJson_Returns400()
    {
        var deep = new string('[', 200) + new string(']', 200);

        using var response = await _server.Collect.PostJsonAsync("/v1/track", $$$"""{"userId":"u","event":"E","properties":{"x":{{{deep}}}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task InvalidUtf8_Returns400()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"userId":"u","event":"E?"}""");
        bytes[^3] = 0xff;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _server.Collect.PostAsync("/v1/track", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ClockSkew_IsCorrectedFromSentAt()
    {
        var skewed = DateTimeOffset.UtcNow.AddHours(3);
        var json = $$"""{"userId":"u-skew","event":"E","timestamp":"{{skewed.AddSeconds(-10):O}}","sentAt":"{{skewed:O}}"}""";

        (await _server.Collect.PostJsonAsync("/v1/track", json)).EnsureSuccessStatusCode();

        var profile = await LookupAsync("user_id", "u-skew");
        var timestamp = profile.GetProperty("lastSeen").GetDateTimeOffset();
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task CorsPreflight_AllowsBrowserSdks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/batch");
        request.Headers.Add("Origin", "https://shop.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");

        using var response = await _server.Anonymous.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    /// <summary>
    /// Concurrent batches each keep their own bytes: the parsed document reads from the pooled request
    /// buffer, which must not go back to the pool (and to another request) before the batch is written.
    /// </summary>
    [Fact]
    public async Task ConcurrentBatches_AreStoredEachWithItsOwnContent()
    {
        const int clients = 8, batches = 20, perBatch = 50;
        await Parallel.ForAsync(0, clients, async (client, cancellationToken) =>
        {
            using var http = _server.NewClient();
            http.DefaultRequestHeaders.Authorization = _server.Collect.DefaultRequestHeaders.Authorization;
            for (var b = 0; b < batches; b++)
            {
                var user = $"c{client}-b{b}";
                var events = string.Join(",", Enumerable.Range(0, perBatch).Select(i =>
                    $$$"""{"type":"track","userId":"{{{user}}}","event":"Checked","properties":{"user":"{{{user}}}","n":{{{i}}},"pad":"{{{new string((char)('a' + client), 40 + b)}}}"}}"""));
                using var response = await http.PostJsonAsync("/v1/batch", $$"""{"batch":[{{events}}]}""");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });
        await _server.FlushAsync();

        for (var client = 0; client < clients; client++)
        {
            for (var b = 0; b < batches; b++)
            {
                var user = $"c{client}-b{b}";
                var person = (await LookupAsync("user_id", user)).GetProperty("personId").GetString();
                using var response = await _server.Admin.GetAsync($"/api/v1/profiles/{person}/events?limit=100");
                var stored = (await response.ReadJsonAsync()).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("properties")).ToList();
                Assert.Equal(perBatch, stored.Count);
                Assert.All(stored, p => Assert.Equal((user, 40 + b), (p.GetProperty("user").GetString(), p.GetProperty("pad").GetString()!.Length)));
                Assert.Equal(Enumerable.Range(0, perBatch), stored.Select(p => p.GetProperty("n").GetInt32()).Order());
            }
        }
    }
}

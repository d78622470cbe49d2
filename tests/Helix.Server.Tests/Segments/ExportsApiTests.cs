using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Audiences.Exports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Helix.Server.Tests.Segments;

/// <summary>Exports of a segment's members through the API: CSV with masking, hashed seed files, a signed webhook push.</summary>
public sealed class ExportsApiTests(ExportsApiTests.World world) : IClassFixture<ExportsApiTests.World>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly HelixTestServer _server = world.Server;

    /// <summary>Four members, their orders and consents, a "buyers" segment, and a webhook receiver on the server itself.</summary>
    public sealed class World : SharedServer
    {
        private int _failuresLeft;

        public ConcurrentQueue<(string Body, string? Signature)> Received { get; } = new();

        /// <summary>How many of the next pushes the receiver answers 503.</summary>
        public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

        protected override async Task<HelixTestServer> StartAsync()
        {
            var server = await HelixTestServer.StartAsync(arrange: app => app.MapPost("/test-hook", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                if (Interlocked.Decrement(ref _failuresLeft) >= 0)
                {
                    return Results.StatusCode(503);
                }

                Received.Enqueue((body, context.Request.Headers[WebhookSignature.Header].ToString()));
                return Results.Ok();
            }).AllowAnonymous());
            await server.SendAsync(
                SegmentTestServer.Identify("u1", Now, new JsonObject { ["phone"] = "13812345678", ["name"] = "张三", ["city"] = "上海" }),
                SegmentTestServer.Identify("u2", Now, new JsonObject { ["phone"] = "+86 139-0000-1111", ["name"] = "李四", ["city"] = "=cmd|' /C calc'!A0" }),
                SegmentTestServer.Identify("u3", Now, new JsonObject { ["city"] = "北京" }),
                SegmentTestServer.Identify("u4", Now, new JsonObject { ["phone"] = "13700000004", ["name"] = "王五" }),
                SegmentTestServer.Track("u1", "Order Completed", Now), SegmentTestServer.Track("u2", "Order Completed", Now),
                SegmentTestServer.Track("u4", "Order Completed", Now),
                Consents("u1", Now, ("marketing", null, true), ("advertising", null, true)),
                Consents("u2", Now, ("marketing", null, true), ("advertising", null, true), ("marketing", "sms", false)));
            await server.PutSegmentAsync("buyers", """{"when": "did(\"Order Completed\")"}""");
            return server;
        }
    }

    [Fact]
    public async Task Csv_MasksPersonalColumns_AndGuardsAgainstFormulas()
    {
        var csv = await GetTextAsync("/api/v1/segments/buyers/export.csv?fields=person_id,trait:name,trait:phone,trait:city,id:user_id");

        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("person_id,trait:name,trait:phone,trait:city,id:user_id", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains(",张*,138****5678,上海,u1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",李*,", StringComparison.Ordinal) && l.Contains("'=cmd", StringComparison.Ordinal));
        Assert.DoesNotContain("13812345678", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_Unmasked_NeedsPiiRead_AndExportsNeedExportsRun()
    {
        var csv = await GetTextAsync("/api/v1/segments/buyers/export.csv?fields=trait:phone&unmasked=true");
        Assert.Contains("13812345678", csv, StringComparison.Ordinal);

        using var marketer = await _server.RoleClientAsync("marketer", "hxk_test_marketer");
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync("/api/v1/segments/buyers/export.csv?fields=trait:phone&unmasked=true")).StatusCode);
        Assert.Contains("138****5678", await marketer.GetStringAsync("/api/v1/segments/buyers/export.csv?fields=trait:phone"), StringComparison.Ordinal);

        // An analyst may read analytics but not take members out of Helix.
        using var analyst = await _server.RoleClientAsync("analyst", "hxk_test_analyst");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/segments/buyers/export.csv?fields=trait:phone")).StatusCode);
    }

    [Fact]
    public async Task Exports_LeaveOutMembersWithoutConsentForTheirPurpose()
    {
        using var marketing = await _server.Admin.GetAsync("/api/v1/segments/buyers/export.csv?fields=id:user_id");
        Assert.Equal("marketing", marketing.Headers.GetValues("X-Helix-Consent").Single());
        Assert.Equal("""{"noConsent":1}""", marketing.Headers.GetValues("X-Helix-Skipped").Single());
        Assert.DoesNotContain("u4", await marketing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // u2 withdrew SMS after granting marketing as a whole: the later, narrower statement decides SMS.
        var sms = await GetTextAsync("/api/v1/segments/buyers/export.csv?fields=id:user_id&consent=marketing:sms");
        Assert.Equal(["id:user_id", "u1"], sms.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("u2", await GetTextAsync("/api/v1/segments/buyers/export.csv?fields=id:user_id&consent=marketing:email"), StringComparison.Ordinal);

        using var profiling = await _server.Admin.GetAsync("/api/v1/segments/buyers/export/seed?type=phone&hash=md5&consent=profiling");
        Assert.Equal("0", profiling.Headers.GetValues("X-Helix-Exported").Single());
    }

    [Theory]
    [InlineData("/api/v1/segments/buyers/export.csv?fields=person_id&consent=marketing:fax", "consent")]
    [InlineData("/api/v1/segments/buyers/export/seed?type=phone&hash=md5&consent=profiling:sms", "consent")]
    [InlineData("/api/v1/segments/buyers/export.csv", "fields")]
    [InlineData("/api/v1/segments/buyers/export.csv?fields=trait:name,oops", "fields[1]")]
    [InlineData("/api/v1/segments/buyers/export.csv?fields=trait:name&mask=trait:city", "mask[0]")]
    [InlineData("/api/v1/segments/buyers/export/seed?type=fax&hash=md5", "type")]
    [InlineData("/api/v1/segments/buyers/export/seed?type=phone&hash=crc32", "hash")]
    public async Task BadExport_Is400NamingTheField(string path, string field)
    {
        using var response = await _server.Admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedFile_HoldsTheHashesOfNormalisedPhones()
    {
        using var response = await _server.Admin.GetAsync("/api/v1/segments/buyers/export/seed?type=phone&hash=md5");
        response.EnsureSuccessStatusCode();

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] expected = [Md5("13812345678"), Md5("13900001111")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), lines);
        Assert.Equal("2", response.Headers.GetValues("X-Helix-Exported").Single());
    }

    [Fact]
    public async Task Webhook_PushesSignedBatches_RetryingFailures()
    {
        world.FailNext(1);
        const string secret = "a-long-webhook-secret";
        var url = new Uri(_server.BaseAddress, "/test-hook");

        using var response = await _server.Admin.PostAsync("/api/v1/segments/buyers/export/webhook",
            HttpJson.Body(JsonSerializer.Serialize(new { url, secret, identifiers = new[] { "phone" }, batchSize = 1 })));

        var result = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, result.ToString());
        Assert.Equal((2, 2), (result.GetProperty("batches").GetInt32(), result.GetProperty("delivered").GetInt32()));
        Assert.Equal(2, world.Received.Count);
        Assert.All(world.Received, r => Assert.True(WebhookSignature.Verify(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(r.Body), r.Signature)));
        Assert.Contains(world.Received, r => r.Body.Contains("13812345678", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"url": "ftp://x", "secret": "a-long-webhook-secret"}""", "url")]
    [InlineData("""{"url": "http://127.0.0.1/x", "secret": "short"}""", "secret")]
    [InlineData("""{"url": "http://127.0.0.1/x", "secret": "a-long-webhook-secret", "batchSize": 0}""", "batchSize")]
    public async Task BadWebhook_Is400NamingTheField(string body, string field)
    {
        using var response = await _server.Admin.PostAsync("/api/v1/segments/buyers/export/webhook", HttpJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static JsonObject Consents(string user, DateTimeOffset at, params (string Purpose, string? Channel, bool Granted)[] items) =>
        SegmentTestServer.Track(user, "Consent Updated", at, new JsonObject
        {
            ["consents"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["purpose"] = i.Purpose, ["channel"] = i.Channel, ["granted"] = i.Granted })]),
        });

#pragma warning disable CA5351 // MD5 is what ad platforms match seed audiences on.
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private async Task<string> GetTextAsync(string path)
    {
        using var response = await _server.Admin.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return text;
    }
}

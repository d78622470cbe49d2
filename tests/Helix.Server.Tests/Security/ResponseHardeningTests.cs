using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helix.Server.Tests.Security;

public sealed class ResponseHardeningTests(ResponseHardeningTests.World world) : IClassFixture<ResponseHardeningTests.World>
{
    private const string Secret = "internal-detail-7f3a";
    private const long BodyLimit = 64 * 1024;

    private readonly HelixTestServer _server = world.Server;
    private readonly CapturingLoggerProvider _logs = world.Logs;

    /// <summary>A server with a small body limit, an endpoint that throws, and every line it logs kept.</summary>
    public sealed class World : SharedServer
    {
        internal CapturingLoggerProvider Logs { get; } = new();

        protected override Task<HelixTestServer> StartAsync() => HelixTestServer.StartAsync(
            configure: o => o with { MaxRequestBodyBytes = BodyLimit },
            arrange: app =>
            {
                app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
                app.MapGet("/api/v1/test/throw", IResult () => throw new InvalidOperationException(Secret)).RequireAuthorization();
            });
    }

    [Theory]
    [InlineData("/api/v1/sources", HttpStatusCode.OK)]
    [InlineData("/api/v1/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    public async Task EveryResponse_CarriesSecurityHeaders(string path, HttpStatusCode status)
    {
        using var admin = await _server.Admin.GetAsync(path);
        using var anonymous = await _server.Anonymous.GetAsync(path);
        using var collect = await _server.Collect.PostJsonAsync("/v1/track", """{"userId":"u-headers","event":"Viewed"}""");

        Assert.Equal(status, admin.StatusCode);
        foreach (var response in new[] { admin, anonymous, collect })
        {
            Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Single(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
            Assert.False(response.Headers.Contains("Server"));
        }

        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal("no-store", Single(admin, "Cache-Control"));
            Assert.Equal("no-store", Single(anonymous, "Cache-Control"));
        }
    }

    [Fact]
    public async Task UnhandledException_Returns500ProblemWithoutExceptionText()
    {
        using var response = await _server.Admin.GetAsync("/api/v1/test/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonBodyOverServerLimit_Returns413ProblemNamingTheLimit()
    {
        var name = new string('a', (int)BodyLimit);

        using var response = await _server.Admin.PostJsonAsync("/api/v1/sources", $$"""{"name":"{{name}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "/api/v1/identity/rules")]
    [InlineData("POST", "/api/v1/identity/matching/runs")]
    [InlineData("PUT", "/api/v1/profile-definitions")]
    [InlineData("POST", "/v1/batch")]
    public async Task TextBodyOverServerLimit_Returns4xxProblem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = HttpJson.Body($$"""{"x":"{{new string('a', (int)BodyLimit)}}"}""") };
        request.Headers.ExpectContinue = true;

        using var response = await (path.StartsWith("/v1/", StringComparison.Ordinal) ? _server.Collect : _server.Admin).SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("large", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AuthenticatedAndRejectedRequests_NeverLogKeys()
    {
        const string wrongApiKey = "hxk_wrong_4c1d";
        const string wrongWriteKey = "hxw_wrong_9e2b";
        using var wrongAdmin = _server.NewClient();
        wrongAdmin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", wrongApiKey);
        using var wrongCollect = _server.NewClient();
        wrongCollect.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(wrongWriteKey + ":")));

        (await _server.Admin.GetAsync("/api/v1/sources")).Dispose();
        (await _server.Admin.GetAsync("/api/v1/test/throw")).Dispose();
        (await _server.Collect.PostJsonAsync("/v1/track", """{"userId":"u-logs","event":"Viewed"}""")).Dispose();
        (await _server.Anonymous.PostJsonAsync("/v1/track", $$"""{"writeKey":"{{HelixTestServer.WriteKey}}","userId":"u-logs","event":"Viewed"}""")).Dispose();
        (await wrongAdmin.GetAsync("/api/v1/sources")).Dispose();
        (await wrongCollect.PostJsonAsync("/v1/track", """{"userId":"u-logs","event":"Viewed"}""")).Dispose();
        (await _server.Anonymous.PostJsonAsync("/v1/track", $$"""{"writeKey":"{{wrongWriteKey}}","userId":"u-logs","event":"Viewed"}""")).Dispose();
        await _server.FlushAsync();

        Assert.Contains(_logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal));
        foreach (var key in new[] { HelixTestServer.AdminKey, HelixTestServer.WriteKey, wrongApiKey, wrongWriteKey })
        {
            Assert.DoesNotContain(_logs.Lines, l => l.Contains(key, StringComparison.Ordinal));
        }
    }

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values
            : response.Content.Headers.TryGetValues(name, out var contentValues) ? contentValues : []);

    /// <summary>Keeps every message and exception text the server logs, whatever its level.</summary>
    internal sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(_lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}

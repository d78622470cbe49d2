using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helix.Server.Tests.Access;

/// <summary>An issued key, used, refused and revoked, never appears in anything the server logs, at any level.</summary>
public sealed class AccessLogTests : IAsyncLifetime, ILoggerProvider
{
    private readonly ConcurrentQueue<string> _logged = new();
    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync(
        arrange: app => app.Services.GetRequiredService<ILoggerFactory>().AddProvider(this));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PlaintextKey_IsNeverLogged()
    {
        using var issued = await _server.Admin.PostAsync("/api/v1/access/keys", HttpJson.Body("""{"name": "logged?", "role": "analyst"}"""));
        var body = await issued.ReadJsonAsync();
        var key = body.GetProperty("key").GetString()!;
        using var client = _server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using var denied = await client.GetAsync("/api/v1/access/keys");
        (await _server.Admin.DeleteAsync($"/api/v1/access/keys/{body.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        using var refused = await client.GetAsync("/api/v1/access/keys");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (denied.StatusCode, refused.StatusCode));
        Assert.NotEmpty(_logged);
        Assert.DoesNotContain(_logged, line => line.Contains(key, StringComparison.Ordinal) || line.Contains(key[4..], StringComparison.Ordinal));
    }

    ILogger ILoggerProvider.CreateLogger(string categoryName) => new Capture(_logged);

    void IDisposable.Dispose()
    {
    }

    private sealed class Capture(ConcurrentQueue<string> logged) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            logged.Enqueue(state.ToString() ?? "");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logged.Enqueue(formatter(state, exception) + " " + exception);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helix.Bench.Journeys;

/// <summary>
/// A webhook receiver on 127.0.0.1 that records when each idempotency key first arrived (UTC) and counts repeats, as a
/// receiver deduplicating by key would.
/// </summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;

    private WebhookSink(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentDictionary<string, DateTimeOffset> Arrivals { get; } = new(StringComparer.Ordinal);

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookSink? sink = null;
        app.MapPost("/hook", (HttpRequest request) =>
        {
            Interlocked.Increment(ref sink!._requests);
            var key = request.Headers["Idempotency-Key"].ToString();
            sink.Arrivals.TryAdd(key, DateTimeOffset.UtcNow);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        sink = new WebhookSink(app, address);
        return sink;
    }

    /// <summary>The baseline: plain POSTs to this sink from <paramref name="clients"/> concurrent clients, per second.</summary>
    public async Task<double> RawPostsPerSecondAsync(int posts, int clients)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = Address };
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < posts)
            {
                using var content = new StringContent("""{"key":"baseline"}""", System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/hook", content);
                response.EnsureSuccessStatusCode();
            }
        }));
        return posts / stopwatch.Elapsed.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

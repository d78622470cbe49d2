using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helix.Server.Tests.Journeys.Connectors;

/// <summary>
/// A local stand-in for a connector's endpoint (Kestrel on 127.0.0.1, a free port): it records every request and
/// answers with what <see cref="Respond"/> returns, so a test sets the receiver's answer and checks the real request.
/// </summary>
internal sealed class StandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandIn(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

    public Uri BaseAddress { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status and JSON body to answer a request with (default 200 <c>{}</c>).</summary>
    public Func<Received, (int Status, string Body)> Respond { get; set; } = _ => (200, "{}");

    public static async Task<StandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        StandIn? standIn = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var received = new Received(
                context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync());
            standIn!.Requests.Enqueue(received);
            var (status, body) = standIn.Respond(received);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        standIn = new StandIn(app);
        return standIn;
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Helix.Core.Workspaces;
using Helix.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests;

/// <summary>
/// A real Helix server (Kestrel on a loopback port, an Orleans silo, DuckDB and the event log in a temp
/// directory) with clients for the write key and the admin key of its bootstrapped workspace.
/// </summary>
public sealed class HelixTestServer : IAsyncDisposable
{
    public const string AdminKey = "hxk_test_admin";
    public const string WriteKey = "hxw_test_write";

    private readonly TempDirectory? _ownedDirectory;

    private HelixTestServer(WebApplication app, string dataDirectory, TempDirectory? ownedDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownedDirectory = ownedDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        Collect = NewClient();
        Collect.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));
        Admin = NewClient();
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        Anonymous = NewClient();
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress { get; }

    /// <summary>Sends the write key as the basic-auth user, as Segment SDKs do.</summary>
    public HttpClient Collect { get; }

    /// <summary>Sends the admin API key as a bearer token.</summary>
    public HttpClient Admin { get; }

    public HttpClient Anonymous { get; }

    /// <param name="arrange">Runs on the built app before it starts: a test can map an endpoint or add a logger provider.</param>
    public static async Task<HelixTestServer> StartAsync(
        string? dataDirectory = null,
        TimeProvider? timeProvider = null,
        Func<HelixServerOptions, HelixServerOptions>? configure = null,
        Action<WebApplication>? arrange = null)
    {
        var owned = dataDirectory is null ? new TempDirectory("helix-server") : null;
        var options = new HelixServerOptions
        {
            DataDirectory = dataDirectory ?? owned!.Path,
            Urls = "http://127.0.0.1:0",
            BootstrapAdminKey = AdminKey,
            BootstrapWriteKey = WriteKey,
            TimeProvider = timeProvider ?? TimeProvider.System,
        };
        // Test assemblies run in parallel; a port checked free can still be taken before the silo binds it.
        for (var attempt = 1; ; attempt++)
        {
            var app = HelixServer.Build(configure?.Invoke(options) ?? options);
            arrange?.Invoke(app);
            try
            {
                await app.StartAsync();
                return new HelixTestServer(app, options.DataDirectory, owned);
            }
            catch (AddressInUseException) when (attempt < 3)
            {
                await app.DisposeAsync();
            }
        }
    }

    public HttpClient NewClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Creates another workspace with an admin API key, and a client that sends that key.</summary>
    public async Task<HttpClient> OtherWorkspaceAdminAsync(WorkspaceId workspace, string apiKey)
    {
        var store = App.Services.GetRequiredService<IWorkspaceStore>();
        await store.CreateWorkspaceAsync(workspace, "Other brand", DateTimeOffset.UtcNow);
        await store.CreateApiKeyAsync(workspace, "other admin", "admin", SecretKeys.Hash(apiKey), DateTimeOffset.UtcNow);
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Creates an API key of <paramref name="role"/> in the default workspace, and a client that sends it.</summary>
    public async Task<HttpClient> RoleClientAsync(string role, string apiKey)
    {
        var store = App.Services.GetRequiredService<IWorkspaceStore>();
        await store.CreateApiKeyAsync(new WorkspaceId(Workspaces.Bootstrap.DefaultWorkspaceId), role, role, SecretKeys.Hash(apiKey), DateTimeOffset.UtcNow);
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Waits until every acknowledged event is applied to profiles.</summary>
    public async Task FlushAsync()
    {
        using var response = await Admin.PostAsync("/api/v1/pipeline/flush", null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Collect.Dispose();
        Admin.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _ownedDirectory?.Dispose();
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DuckDB.NET.Data;
using Helix.Server;
using Helix.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Bench.Hosting;

/// <summary>
/// A real Helix server in this process — Kestrel, the Orleans silo, the event log with group commit
/// and fsync, the DuckDB store — on a data directory, listening on a free port of 127.0.0.1 only.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    /// <summary>The bootstrap source's write key; the bootstrap source is trusted.</summary>
    public const string WriteKey = "hxw_bench";

    private const string AdminKey = "hxk_bench";

    private readonly WebApplication _app;

    /// <summary>The server's DuckDB file; a connection to it in this process shares the server's database instance (no second file lock).</summary>
    private readonly string _storePath;

    private BenchServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _storePath = Path.Combine(Path.GetFullPath(dataDirectory), HelixServer.StoreFileName);
        Address = address;
        Admin = NewAdminClient();
    }

    public Uri Address { get; }

    /// <summary>A client with the admin key, for the management API.</summary>
    public HttpClient Admin { get; }

    public static async Task<BenchServer> StartAsync(string dataDirectory)
    {
        var app = HelixServer.Build(new HelixServerOptions
        {
            DataDirectory = dataDirectory,
            Urls = "http://127.0.0.1:0",
            BootstrapAdminKey = AdminKey,
            BootstrapWriteKey = WriteKey,
            // Visibility probes poll the lookup every 5 ms by default, above the management API's default
            // per-key limit; collect keeps its default, so ingestion runs through the limiter as deployed.
            ManagementRateLimit = RateLimit.PerSecond(100_000, burst: 100_000),
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return new BenchServer(app, dataDirectory, address);
    }

    /// <summary>A client of its own (its own connection pool) with up to <paramref name="connections"/> connections.</summary>
    public HttpClient NewClient(int connections = 1) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>A client of its own with the admin key; its timeout leaves the flush's own limit of 300 s to apply.</summary>
    public HttpClient NewAdminClient(int connections = 1)
    {
        var client = NewClient(connections);
        client.Timeout = TimeSpan.FromMinutes(6);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>
    /// Returns once everything acknowledged so far is applied to profiles and the store. A flush answers 503 when the
    /// pipeline has not caught up within its 300 s; a large run on a busy machine asks again, for up to an hour.
    /// </summary>
    public async Task FlushAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await Admin.PostAsync("/api/v1/pipeline/flush?timeoutSeconds=300", null);
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 12)
            {
                response.EnsureSuccessStatusCode();
                return;
            }
        }
    }

    /// <summary>Persons, the merges they absorbed, and events, as committed in the store; call after <see cref="FlushAsync"/>.</summary>
    public StoreCounts ReadCounts()
    {
        using var connection = new DuckDBConnection($"Data Source={_storePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM persons), (SELECT coalesce(sum(merge_count), 0)::BIGINT FROM persons), (SELECT count(*) FROM events)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Rows of the store's tag history: every tag gained, lost or changed on a person, as committed; call after <see cref="FlushAsync"/>.</summary>
    public long ReadTagChanges()
    {
        using var connection = new DuckDBConnection($"Data Source={_storePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM tag_history";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query on the server's store (in this process, the same database instance) and reads its rows.</summary>
    public List<T> Query<T>(string sql, Func<System.Data.Common.DbDataReader, T> read)
    {
        using var connection = new DuckDBConnection($"Data Source={_storePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <returns>The new source's write key.</returns>
    public async Task<string> CreateSourceAsync(string name, bool trusted)
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/sources", new { name, trust = trusted ? "trusted" : "untrusted" });
        response.EnsureSuccessStatusCode();
        using var created = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return created.RootElement.GetProperty("writeKey").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

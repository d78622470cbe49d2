using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Helix.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Helix.Bench.Ingestion;

/// <summary>
/// Sustained ingestion through HTTP <c>/v1/batch</c>: concurrent clients on loopback send pre-built
/// 100-event batches to a real server (Kestrel, Orleans silo, event log with fsync, DuckDB); an event
/// counts when its request is acknowledged, i.e. durable. Then the time until the pipeline has applied
/// everything to DuckDB. Both are compared with the DuckDB appender alone on the same events.
/// </summary>
internal static class IngestBenchmark
{
    private const string WriteKey = "hxw_bench";
    private const string AdminKey = "hxk_bench";

    public static async Task<int> RunAsync(string[] args)
    {
        var events = Option(args, "--events", 1_000_000);
        var batchSize = Option(args, "--batch", 100);
        var clients = Option(args, "--clients", 16);
        var users = Math.Max(1, events / 20);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var directory = Path.Combine(Path.GetTempPath(), $"helix-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            AnsiConsole.MarkupLine($"Ingest benchmark: {events:N0} events, batches of {batchSize}, {clients} clients, {Environment.ProcessorCount} cores");

            AnsiConsole.MarkupLine("Baseline: DuckDB appender alone …");
            var baseline = AppenderBaseline.EventsPerSecond(directory, events, users, start);

            AnsiConsole.MarkupLine("Building request bodies …");
            var bodies = Enumerable.Range(0, (events + batchSize - 1) / batchSize)
                .Select(b => SyntheticEvents.BatchBody(b * batchSize, Math.Min(batchSize, events - b * batchSize), users, start))
                .ToArray();

            var (acknowledged, applied) = await RunServerAsync(Path.Combine(directory, "helix"), bodies, events, clients);

            var table = new Table().Border(TableBorder.Rounded).AddColumn("measure").AddColumn("events/s").AddColumn("ratio to baseline");
            table.AddRow("baseline: DuckDB appender alone (5,000-row durable commits)", Rate(baseline), "1.00");
            table.AddRow("Helix /v1/batch acknowledged (durable in the event log)", Rate(acknowledged), Ratio(acknowledged, baseline));
            table.AddRow("Helix end to end (acknowledged and applied to DuckDB)", Rate(applied), Ratio(applied, baseline));
            AnsiConsole.Write(table);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT ingest events={events} batch={batchSize} clients={clients} cores={Environment.ProcessorCount} baseline={baseline:F0} acknowledged={acknowledged:F0} applied={applied:F0} ack_ratio={acknowledged / baseline:F2} applied_ratio={applied / baseline:F2}"));
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double Acknowledged, double Applied)> RunServerAsync(string dataDirectory, byte[][] bodies, int events, int clients)
    {
        await using var app = HelixServer.Build(new HelixServerOptions
        {
            DataDirectory = dataDirectory,
            Urls = "http://127.0.0.1:0",
            BootstrapAdminKey = AdminKey,
            BootstrapWriteKey = WriteKey,
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));

        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("Sending batches", maxValue: bodies.Length);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < bodies.Length)
                {
                    using var content = new ByteArrayContent(bodies[index]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("/v1/batch", content);
                    response.EnsureSuccessStatusCode();
                    task.Increment(1);
                }
            }));
        });
        var acknowledged = events / stopwatch.Elapsed.TotalSeconds;

        using var flush = new HttpRequestMessage(HttpMethod.Post, "/api/v1/pipeline/flush?timeoutSeconds=300");
        flush.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        (await http.SendAsync(flush)).EnsureSuccessStatusCode();
        var applied = events / stopwatch.Elapsed.TotalSeconds;
        await app.StopAsync();
        return (acknowledged, applied);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double baseline) => (value / baseline).ToString("F2", CultureInfo.InvariantCulture);
}

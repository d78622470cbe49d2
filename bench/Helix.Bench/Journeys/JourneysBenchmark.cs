using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helix.Bench.Audiences;
using Helix.Bench.Hosting;
using Spectre.Console;

namespace Helix.Bench.Journeys;

/// <summary>
/// Journeys at scale through a real server: <c>--persons</c> people enter a journey (an event, a wait of
/// <c>--wait-minutes</c>, a webhook to a loopback sink, exit). Reports entries/s against the same server's ingest rate
/// for as many plain events (measured first, in the same run), actions/s against raw POSTs to the same sink, timer
/// lateness (a webhook's arrival after its timer's due time, from the outbox), and the event-to-send latency of an
/// event-triggered journey with no wait.
/// </summary>
internal static class JourneysBenchmark
{
    private const string Journey = """
        {"name": "bench_wait", "entry": {"kind": "event", "event": "Bench Joined"}, "start": "wait",
         "steps": [{"id": "wait", "kind": "wait", "duration": "WAITm", "next": "hook"},
                   {"id": "hook", "kind": "action", "connector": "webhook", "parameters": {"connection": "sink"}, "next": "done"},
                   {"id": "done", "kind": "exit"}]}
        """;

    private const string Ping = """
        {"name": "bench_ping", "entry": {"kind": "event", "event": "Bench Ping"}, "reentry": "afterExit", "start": "hook",
         "steps": [{"id": "hook", "kind": "action", "connector": "webhook", "parameters": {"connection": "sink"}, "next": "done"},
                   {"id": "done", "kind": "exit"}]}
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var persons = Arguments.Int(args, "--persons", 1_000_000);
        var wait = Arguments.Int(args, "--wait-minutes", 1);
        var probes = Arguments.Int(args, "--probes", 200);
        const int BatchSize = 500, Clients = 4;
        AnsiConsole.MarkupLine($"Journeys benchmark: {persons:N0} persons, wait {wait} min, {probes} latency probes, {Environment.ProcessorCount} cores, load average {AudiencesBenchmark.LoadAverage()}");

        using var directory = TempDirectory.Create();
        await using var sink = await WebhookSink.StartAsync();
        await using var server = await BenchServer.StartAsync(directory.Path);
        using var http = server.NewClient(Clients);

        // Baseline: the same number of events, entering nothing, ingested and applied.
        var warm = Batches(persons, BatchSize, "Bench Viewed");
        var ingest = Stopwatch.StartNew();
        await BatchSender.SendAsync(http, warm, Clients, "baseline: plain events");
        await server.FlushAsync();
        var ingestRate = persons / ingest.Elapsed.TotalSeconds;
        var baselinePosts = Math.Min(persons, 20_000);
        var postRate = await sink.RawPostsPerSecondAsync(baselinePosts, 16);
        sink.Arrivals.Clear();

        await PutAsync(server, "/api/v1/connections/sink", JsonSerializer.Serialize(new
        {
            connector = "webhook", settings = new { url = new Uri(sink.Address, "/hook").ToString() }, secrets = new { signingKey = "bench-signing-key" },
        }));
        await PutAsync(server, "/api/v1/journeys/bench_wait", Journey.Replace("WAIT", wait.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        await LiveAsync(server, "bench_wait");

        var entering = Stopwatch.StartNew();
        await BatchSender.SendAsync(http, Batches(persons, BatchSize, "Bench Joined"), Clients, "entering: Bench Joined");
        await WaitAsync("entered", () => StatisticAsync(server, "bench_wait", s => s.GetProperty("entries").GetInt64()), persons);
        var entriesRate = persons / entering.Elapsed.TotalSeconds;
        await WaitAsync("webhooks", () => Task.FromResult((long)sink.Arrivals.Count), persons);

        var due = server.Query("SELECT key, due_at FROM journey_outbox WHERE journey = 'bench_wait'", r => (Key: r.GetString(0), Due: new DateTimeOffset(r.GetDateTime(1), TimeSpan.Zero)));
        var lateness = due.Select(d => (sink.Arrivals[d.Key] - d.Due).TotalMilliseconds).Order().ToArray();
        var firstDue = due.Min(d => d.Due);
        var actionsRate = persons / (sink.Arrivals.Values.Max() - firstDue).TotalSeconds;
        var repeats = sink.Requests - baselinePosts - sink.Arrivals.Count;

        // Event-to-send: one event at a time, paced, through a journey with no wait.
        await PutAsync(server, "/api/v1/journeys/bench_ping", Ping);
        await LiveAsync(server, "bench_ping");
        var latencies = new List<double>();
        for (var i = 0; i < probes; i++)
        {
            var sent = DateTimeOffset.UtcNow;
            var before = sink.Arrivals.Count;
            using var response = await http.SendAsync(Request(Body([$"probe-{i}"], "Bench Ping")));
            response.EnsureSuccessStatusCode();
            var clock = Stopwatch.StartNew();
            while (sink.Arrivals.Count == before && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(1);
            }

            latencies.Add((DateTimeOffset.UtcNow - sent).TotalMilliseconds);
            await Task.Delay(50);
        }

        latencies.Sort();
        var table = new Table().AddColumns("measure", "Helix", "baseline", "ratio");
        table.AddRow("entries/s (vs plain events applied/s)", Figures.Rate(entriesRate), Figures.Rate(ingestRate), Figures.Ratio(entriesRate, ingestRate));
        table.AddRow("webhook actions/s (vs raw POSTs/s, 16 clients)", Figures.Rate(actionsRate), Figures.Rate(postRate), Figures.Ratio(actionsRate, postRate));
        table.AddRow("timer lateness p50 / p95 / p99 (ms)", $"{P(lateness, 0.5):N0} / {P(lateness, 0.95):N0} / {P(lateness, 0.99):N0}", "", "");
        table.AddRow("event-to-send p50 / p95 / p99 (ms)", $"{P([.. latencies], 0.5):N0} / {P([.. latencies], 0.95):N0} / {P([.. latencies], 0.99):N0}", "", "");
        table.AddRow("repeated webhook deliveries", repeats.ToString(CultureInfo.InvariantCulture), "", "");
        AnsiConsole.Write(table);
        return 0;
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static List<PreparedBatch> Batches(int persons, int size, string name) =>
        [.. Enumerable.Range(0, (persons + size - 1) / size).Select(b => new PreparedBatch(
            Encoding.UTF8.GetBytes(Body(Enumerable.Range(b * size, Math.Min(size, persons - b * size)).Select(i => $"bench-{i}"), name)), BenchServer.WriteKey,
            Math.Min(size, persons - b * size)))];

    /// <summary>A batch of one track event per user, stamped by the server on arrival (no timestamp: entries are fresh).</summary>
    private static string Body(IEnumerable<string> users, string name) =>
        JsonSerializer.Serialize(new { batch = users.Select(u => new { type = "track", userId = u, @event = name }) });

    private static HttpRequestMessage Request(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = BatchSender.Authorization(BenchServer.WriteKey);
        return request;
    }

    private static async Task PutAsync(BenchServer server, string path, string json)
    {
        using var response = await server.Admin.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PUT {path} was refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task LiveAsync(BenchServer server, string name)
    {
        using var response = await server.Admin.PostAsJsonAsync($"/api/v1/journeys/{name}/status", new { status = "live" });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<long> StatisticAsync(BenchServer server, string journey, Func<JsonElement, long> read) =>
        read(await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/journeys/{journey}/statistics"));

    /// <summary>Polls until the count reaches <paramref name="target"/>, with a progress bar; gives up after 30 minutes.</summary>
    private static async Task WaitAsync(string label, Func<Task<long>> count, long target)
    {
        var clock = Stopwatch.StartNew();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(label, maxValue: target);
            while ((task.Value = await count()) < target && clock.Elapsed < TimeSpan.FromMinutes(30))
            {
                await Task.Delay(250);
            }
        });
    }
}

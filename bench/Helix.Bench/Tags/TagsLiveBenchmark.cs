using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Helix.Bench.Hosting;
using Helix.Bench.Ingestion;
using Helix.Bench.Resolution;
using Helix.DemoData;
using Spectre.Console;

namespace Helix.Bench.Tags;

/// <summary>
/// Real-time tags and computed traits on ingestion: the tags workload (<see cref="TagsWorkload"/>, times
/// relative to the real clock) sent through <c>/v1/batch</c> to a real server with the demo brand's profile
/// definitions in force, measured end to end (applied, as <c>/api/v1/pipeline/flush</c> confirms), against
/// the same events through a fresh server without definitions, in the same run. Then the event-to-tag
/// latency on the idle server (<see cref="TagProbes"/>).
/// </summary>
internal static class TagsLiveBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (events, batchSize, clients, seed, poll, warmUp) = LoadOptions.Read(args);
        var persons = Arguments.Int(args, "--persons", Math.Max(1, events / 10));
        var probes = Arguments.Int(args, "--probes", 50);
        AnsiConsole.MarkupLine($"Tags live benchmark: {events:N0} events of {persons:N0} persons, batches of {batchSize}, {clients} clients, {probes} latency probes, seed {seed}, {Environment.ProcessorCount} cores");

        var workload = TagsWorkload.Generate(persons, events, seed, TimeProvider.System.GetUtcNow());
        var batches = Batches(workload, batchSize);
        using var directory = TempDirectory.Create();
        var run = new LiveRun(directory.Path, clients, poll);
        if (warmUp > 0)
        {
            // The first server pays for the JIT: not the measured one.
            await run.RunAsync("warm-up (not measured)", batches.Take(Math.Max(1, warmUp / batchSize)).ToArray(), definitions: true, probes: 0);
        }

        var tags = await run.RunAsync("tags", batches, definitions: true, probes);
        var plain = await run.RunAsync("no definitions", batches, definitions: false, probes);
        Report(tags, plain, events);
        return 0;
    }

    /// <summary>The workload's events from <paramref name="first"/> on (all by default) as <c>/v1/batch</c> requests of <paramref name="batchSize"/> messages.</summary>
    public static PreparedBatch[] Batches(TagsWorkload workload, int batchSize, int first = 0) =>
        [.. Enumerable.Range(0, (workload.Events.Length - first + batchSize - 1) / batchSize).Select(b =>
        {
            var count = Math.Min(batchSize, workload.Events.Length - first - b * batchSize);
            var body = SyntheticEvents.BatchBody(Enumerable.Range(first + b * batchSize, count).Select(i => TagMessages.Json(workload, i, "live-")));
            return new PreparedBatch(body, BenchServer.WriteKey, count);
        })];

    /// <summary>Applies the demo brand's definitions (YAML, as a data team would) and waits until the pipeline has them in force.</summary>
    public static async Task PutDefinitionsAsync(BenchServer server)
    {
        using var content = new StringContent(DemoDefinitions.ProfileDefinitionsYaml, Encoding.UTF8, new MediaTypeHeaderValue("application/yaml"));
        using var response = await server.Admin.PutAsync("/api/v1/profile-definitions", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The demo definitions were refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await server.FlushAsync();
    }

    private static void Report(LiveFigures tags, LiveFigures plain, int events)
    {
        var rates = new Table().Border(TableBorder.Rounded).AddColumn("server").AddColumn("acknowledged (events/s)").AddColumn("end to end (events/s)")
            .AddColumn("ratio to no definitions").AddColumn("flush after last ack (s)").AddColumn("tag changes written");
        rates.AddRow("baseline: no profile definitions", Figures.Rate(plain.Acknowledged), Figures.Rate(plain.Applied), "1.00", F1(plain.LagSeconds), $"{plain.TagChanges:N0}");
        rates.AddRow("demo definitions (36 computed traits, 84 tags)", Figures.Rate(tags.Acknowledged), Figures.Rate(tags.Applied),
            Figures.Ratio(tags.Applied, plain.Applied), F1(tags.LagSeconds), $"{tags.TagChanges:N0}");
        AnsiConsole.Write(rates);

        var latency = new Table().Border(TableBorder.Rounded).AddColumn("ms from sending one event until the lookup shows it (idle server)")
            .AddColumn("n").AddColumn("p50").AddColumn("p95").AddColumn("max");
        latency.AddRow($"demo definitions: the tag {TagProbes.Tag} on the person" + Missing(tags), Count(tags), Ms(tags.Latency.P50), Ms(tags.Latency.P95), Ms(tags.Latency.Max));
        latency.AddRow("no definitions: the person with the event counted" + Missing(plain), Count(plain), Ms(plain.Latency.P50), Ms(plain.Latency.P95), Ms(plain.Latency.Max));
        AnsiConsole.Write(latency);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT tags-live events={events} cores={Environment.ProcessorCount} plain_acknowledged={plain.Acknowledged:F0} plain_applied={plain.Applied:F0} " +
            $"acknowledged={tags.Acknowledged:F0} applied={tags.Applied:F0} applied_ratio={tags.Applied / plain.Applied:F2} lag_s={tags.LagSeconds:F1} plain_lag_s={plain.LagSeconds:F1} " +
            $"tag_changes={tags.TagChanges} probes={tags.Latency.Count} latency_p50_ms={tags.Latency.P50:F0} latency_p95_ms={tags.Latency.P95:F0} latency_max_ms={tags.Latency.Max:F0} " +
            $"plain_latency_p50_ms={plain.Latency.P50:F0} plain_latency_p95_ms={plain.Latency.P95:F0} never_shown={tags.NeverShown}"));
    }

    private static string F1(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "–" : milliseconds.ToString("N0", CultureInfo.InvariantCulture);

    private static string Count(LiveFigures run) => run.Latency.Count.ToString(CultureInfo.InvariantCulture);

    private static string Missing(LiveFigures run) => run.NeverShown > 0 ? $" ({run.NeverShown} never shown)" : "";

    /// <param name="LagSeconds">How long the flush after the last acknowledgment took: how far the pipeline was behind.</param>
    private sealed record LiveFigures(double Acknowledged, double Applied, double LagSeconds, long TagChanges, Latencies Latency, int NeverShown);

    /// <summary>One server per call, on its own data directory under <c>root</c>.</summary>
    private sealed class LiveRun(string root, int clients, TimeSpan poll)
    {
        public async Task<LiveFigures> RunAsync(string name, PreparedBatch[] batches, bool definitions, int probes)
        {
            await using var server = await BenchServer.StartAsync(Path.Combine(root, name.Replace(' ', '-')));
            if (definitions)
            {
                await PutDefinitionsAsync(server);
            }

            using var http = server.NewClient(clients);
            var events = batches.Sum(b => (long)b.Events);
            var sending = await BatchSender.SendAsync(http, batches, clients, $"{name}: sending");
            var stopwatch = Stopwatch.StartNew();
            await AnsiConsole.Status().StartAsync("Waiting until the pipeline has applied everything (flush) …", _ => server.FlushAsync());
            var lag = stopwatch.Elapsed.TotalSeconds;
            var stored = server.ReadCounts();
            var changes = server.ReadTagChanges();
            AnsiConsole.MarkupLine($"{name}: {stored.Persons:N0} persons, {stored.Events:N0} events, {changes:N0} tag changes in the store");
            var probe = new TagProbes(server, poll, TimeSpan.FromSeconds(30));
            var latency = probes > 0 ? await probe.RunAsync(probes, definitions, $"probe-{name.Replace(' ', '-')}") : Latencies.Of([]);
            return new LiveFigures(events / sending, events / (sending + lag), lag, changes, latency, probe.NeverShown);
        }
    }
}

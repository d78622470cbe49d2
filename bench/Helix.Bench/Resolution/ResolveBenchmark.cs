using System.Diagnostics;
using System.Globalization;
using Helix.Bench.Hosting;
using Helix.Bench.Ingestion;
using Spectre.Console;

namespace Helix.Bench.Resolution;

/// <summary>
/// Real-time identity resolution through the collect API: an identity-heavy stream
/// (<see cref="ResolutionWorkload"/>) sent by concurrent clients to a real server, measured end to end
/// (acknowledged, then applied as confirmed by <c>/api/v1/pipeline/flush</c>), with the merges it made
/// and, for sampled merging messages, the time until the profile API shows the two identifiers on one
/// person. The baseline, in the same run, is the identity-free twin of the same stream through a
/// fresh server of the same build: what identity resolution costs is the ratio. A second, paced
/// phase measures the latency at a load the pipeline sustains, since at saturation it is the backlog.
/// </summary>
internal static class ResolveBenchmark
{
    /// <summary>Few enough that the poller rarely has more than a couple of probes pending, so it measures latency, not its own queue.</summary>
    private const int ProbesPerSecond = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var (events, batchSize, clients, seed, pollInterval, warmUp) = LoadOptions.Read(args);
        var pacedEvents = Arguments.Int(args, "--paced-events", events / 2);
        var pacedSeconds = Arguments.Int(args, "--paced-seconds", 60);
        var pace = Arguments.Double(args, "--pace", 0.25);
        using var directory = TempDirectory.Create();
        AnsiConsole.MarkupLine($"Resolve benchmark: {events:N0} events at full speed, then up to {pacedEvents:N0} (at most {pacedSeconds} s) paced at {pace:P0} of the identity run's applied rate; batches of {batchSize}, {clients} clients, seed {seed}, {Environment.ProcessorCount} cores");

        AnsiConsole.MarkupLine("Baseline: DuckDB appender alone …");
        var appender = AppenderBaseline.EventsPerSecond(directory.Path, events, Math.Max(1, events / 20), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

        AnsiConsole.MarkupLine("Generating the workload …");
        var messages = ResolutionWorkload.Generate(events + pacedEvents, seed, slots: Math.Max(2048, 2 * clients * batchSize));
        var workload = new ResolutionBatches(messages, events, batchSize);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Workload: {workload.MergingMessages:N0} of the first {events:N0} messages merge two persons ({(double)workload.MergingMessages / events:P1}); {workload.Bytes(twin: false) / (double)messages.Length:F0} bytes a message, the twin {workload.Bytes(twin: true) / (double)messages.Length:F0}"));

        if (warmUp > 0)
        {
            // The identity run goes first (the twin is paced at its rate): it must not pay for the JIT alone.
            await using var server = await BenchServer.StartAsync(Path.Combine(directory.Path, "warm-up"));
            var browserKey = await server.CreateSourceAsync("web and app (untrusted)", trusted: false);
            using var http = server.NewClient(clients);
            using var poller = server.NewAdminClient();
            await RunPhaseAsync(server, http, poller, workload.Parts(0, Math.Min(warmUp, events), twin: false, samples: 0), browserKey, clients, pollInterval, "warm-up (not measured)", eventsPerSecond: null);
        }

        var identity = await RunServerAsync("identity", Path.Combine(directory.Path, "identity"), workload, twin: false, clients, pollInterval, pacedSeconds, applied => applied * pace);
        var twin = await RunServerAsync("identity-free", Path.Combine(directory.Path, "twin"), workload, twin: true, clients, pollInterval, pacedSeconds, _ => identity.PacedRate);

        var rates = new Table().Border(TableBorder.Rounded).AddColumn("full speed").AddColumn("events/s").AddColumn("ratio to identity-free").AddColumn("ratio to appender");
        rates.AddRow("DuckDB appender alone (5,000-row durable commits)", Figures.Rate(appender), "", "1.00");
        rates.AddRow("identity-free twin: acknowledged", Figures.Rate(twin.Acknowledged), "1.00", Figures.Ratio(twin.Acknowledged, appender));
        rates.AddRow("identity-free twin: end to end (applied)", Figures.Rate(twin.Applied), "1.00", Figures.Ratio(twin.Applied, appender));
        rates.AddRow("identity: acknowledged", Figures.Rate(identity.Acknowledged), Figures.Ratio(identity.Acknowledged, twin.Acknowledged), Figures.Ratio(identity.Acknowledged, appender));
        rates.AddRow("identity: end to end (resolved and applied)", Figures.Rate(identity.Applied), Figures.Ratio(identity.Applied, twin.Applied), Figures.Ratio(identity.Applied, appender));
        rates.AddRow($"identity: merges ({identity.Merges:N0}; {workload.MergingMessages:N0} planned)", Figures.Rate(identity.MergesPerSecond), "", "");
        AnsiConsole.Write(rates);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"At full speed the pipeline was {identity.LagSeconds:F1} s behind the last acknowledgment (identity-free: {twin.LagSeconds:F1} s)."));

        var latency = new Table().Border(TableBorder.Rounded).AddColumn($"paced: {identity.PacedEvents:N0} events at {Figures.Rate(identity.PacedRate)}/s; ms from HTTP 200 until the lookup shows it")
            .AddColumn("n").AddColumn("p50").AddColumn("p95").AddColumn("p99").AddColumn("max");
        void Row(string label, RunFigures run) => latency.AddRow(
            label + (run.NeverShown > 0 ? $" ({run.NeverShown} never shown)" : ""),
            run.Latency.Count.ToString(CultureInfo.InvariantCulture), Ms(run.Latency.P50), Ms(run.Latency.P95), Ms(run.Latency.P99), Ms(run.Latency.Max));
        Row("identity: both identifiers of a merge on one person", identity);
        Row("identity-free twin: the same message counted on its visitor", twin);
        latency.AddRow("ratio (identity / identity-free)", "", Figures.Ratio(identity.Latency.P50, twin.Latency.P50), Figures.Ratio(identity.Latency.P95, twin.Latency.P95),
            Figures.Ratio(identity.Latency.P99, twin.Latency.P99), Figures.Ratio(identity.Latency.Max, twin.Latency.Max));
        AnsiConsole.Write(latency);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT resolve events={events} paced_events={identity.PacedEvents} batch={batchSize} clients={clients} seed={seed} cores={Environment.ProcessorCount} " +
            $"appender={appender:F0} twin_acknowledged={twin.Acknowledged:F0} twin_applied={twin.Applied:F0} acknowledged={identity.Acknowledged:F0} applied={identity.Applied:F0} " +
            $"applied_ratio={identity.Applied / twin.Applied:F2} applied_to_appender={identity.Applied / appender:F2} " +
            $"merges={identity.Merges} planned_merges={workload.MergingMessages} merges_per_s={identity.MergesPerSecond:F0} lag_s={identity.LagSeconds:F1} twin_lag_s={twin.LagSeconds:F1} " +
            $"paced_rate={identity.PacedRate:F0} paced_lag_s={identity.PacedLagSeconds:F1} twin_paced_lag_s={twin.PacedLagSeconds:F1} latency_p50_ms={identity.Latency.P50:F0} latency_p95_ms={identity.Latency.P95:F0} latency_p99_ms={identity.Latency.P99:F0} latency_max_ms={identity.Latency.Max:F0} " +
            $"twin_latency_p50_ms={twin.Latency.P50:F0} twin_latency_p95_ms={twin.Latency.P95:F0} twin_latency_p99_ms={twin.Latency.P99:F0} twin_latency_max_ms={twin.Latency.Max:F0} " +
            $"latency_p50_ratio={identity.Latency.P50 / twin.Latency.P50:F2} latency_p99_ratio={identity.Latency.P99 / twin.Latency.P99:F2}"));
        return 0;
    }

    private static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "–" : milliseconds.ToString("N0", CultureInfo.InvariantCulture);

    /// <param name="LagSeconds">How long the flush after the last acknowledgment of the full-speed phase took: how far resolution was behind.</param>
    /// <param name="Latency">Of the paced phase's probes.</param>
    /// <param name="PacedLagSeconds">The same after the paced phase: near zero when the pipeline kept up with the pace.</param>
    private sealed record RunFigures(
        double Acknowledged, double Applied, long Merges, double MergesPerSecond, double LagSeconds,
        double PacedRate, int PacedEvents, double PacedLagSeconds, Latencies Latency, int NeverShown);

    /// <summary>
    /// One server: the full-speed phase (no probes: at saturation a probe would measure the backlog,
    /// and its lookups would take CPU from the run), then the paced phase on the same, now filled store.
    /// </summary>
    /// <param name="pacedRate">The paced phase's rate, given the full-speed phase's applied rate.</param>
    private static async Task<RunFigures> RunServerAsync(
        string name, string dataDirectory, ResolutionBatches workload, bool twin, int clients, TimeSpan pollInterval, int pacedSeconds, Func<double, double> pacedRate)
    {
        await using var server = await BenchServer.StartAsync(dataDirectory);
        var browserKey = await server.CreateSourceAsync("web and app (untrusted)", trusted: false);
        using var http = server.NewClient(clients);
        using var poller = server.NewAdminClient();

        var events = workload.SaturatedEvents;
        var full = await RunPhaseAsync(server, http, poller, workload.Parts(0, events, twin, samples: 0), browserKey, clients, pollInterval, $"{name}: full speed", eventsPerSecond: null);
        var endToEnd = full.SendSeconds + full.FlushSeconds;
        var afterFull = server.ReadCounts();
        if (afterFull.Events != events)
        {
            AnsiConsole.MarkupLine($"[red]{name}: the store holds {afterFull.Events:N0} events, {events:N0} were sent.[/]");
        }

        var rate = pacedRate(events / endToEnd);
        var pacedEnd = (int)Math.Min(workload.Count, events + rate * pacedSeconds);
        var samples = (int)((pacedEnd - events) / rate * ProbesPerSecond);
        var paced = await RunPhaseAsync(server, http, poller, workload.Parts(events, pacedEnd, twin, samples), browserKey, clients, pollInterval, $"{name}: paced at {Figures.Rate(rate)}/s", rate);
        var total = server.ReadCounts();
        AnsiConsole.MarkupLine($"{name}: {total.Persons:N0} persons, {total.Merges:N0} merges, {total.Events:N0} events in the store; the paced phase ({pacedEnd - events:N0} events) ended {paced.FlushSeconds:F1} s behind");
        return new RunFigures(events / full.SendSeconds, events / endToEnd, afterFull.Merges, afterFull.Merges / endToEnd, full.FlushSeconds,
            rate, pacedEnd - events, paced.FlushSeconds, paced.Probes.Latencies, paced.Probes.NeverShown);
    }

    private sealed record PhaseFigures(double SendSeconds, double FlushSeconds, VisibilityProbes Probes);

    private static async Task<PhaseFigures> RunPhaseAsync(
        BenchServer server, HttpClient http, HttpClient poller, ResolutionBatches.Part[] parts, string browserKey, int clients, TimeSpan pollInterval, string label, double? eventsPerSecond)
    {
        var batches = parts.Select(p => new PreparedBatch(p.Body, p.Trusted ? BenchServer.WriteKey : browserKey, p.Events)).ToArray();
        var probes = new VisibilityProbes(poller, pollInterval);
        var polling = probes.RunAsync();
        var sending = await BatchSender.SendAsync(http, batches, clients, label, index => probes.Acknowledged(parts[index].Probes), eventsPerSecond);
        var stopwatch = Stopwatch.StartNew();
        await AnsiConsole.Status().StartAsync("Waiting until the pipeline has applied everything (flush) …", _ => server.FlushAsync());
        var flushing = stopwatch.Elapsed.TotalSeconds;
        probes.Flushed();
        await polling;
        return new PhaseFigures(sending, flushing, probes);
    }
}

using System.Diagnostics;
using System.Globalization;
using Helix.Bench.Hosting;
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
    public static async Task<int> RunAsync(string[] args)
    {
        var events = Arguments.Int(args, "--events", 1_000_000);
        var batchSize = Arguments.Int(args, "--batch", 100);
        var clients = Arguments.Int(args, "--clients", 16);
        var users = Math.Max(1, events / 20);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        using var directory = TempDirectory.Create();
        AnsiConsole.MarkupLine($"Ingest benchmark: {events:N0} events, batches of {batchSize}, {clients} clients, {Environment.ProcessorCount} cores");

        AnsiConsole.MarkupLine("Baseline: DuckDB appender alone …");
        var baseline = AppenderBaseline.EventsPerSecond(directory.Path, events, users, start);

        AnsiConsole.MarkupLine("Building request bodies …");
        var batches = Enumerable.Range(0, (events + batchSize - 1) / batchSize)
            .Select(b =>
            {
                var count = Math.Min(batchSize, events - b * batchSize);
                return new PreparedBatch(SyntheticEvents.BatchBody(b * batchSize, count, users, start), BenchServer.WriteKey, count);
            })
            .ToArray();

        double acknowledged, applied;
        await using (var server = await BenchServer.StartAsync(Path.Combine(directory.Path, "helix")))
        {
            using var http = server.NewClient(clients);
            var sending = await BatchSender.SendAsync(http, batches, clients, "Sending batches");
            acknowledged = events / sending;
            var stopwatch = Stopwatch.StartNew();
            await server.FlushAsync();
            applied = events / (sending + stopwatch.Elapsed.TotalSeconds);
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("measure").AddColumn("events/s").AddColumn("ratio to baseline");
        table.AddRow("baseline: DuckDB appender alone (5,000-row durable commits)", Figures.Rate(baseline), "1.00");
        table.AddRow("Helix /v1/batch acknowledged (durable in the event log)", Figures.Rate(acknowledged), Figures.Ratio(acknowledged, baseline));
        table.AddRow("Helix end to end (acknowledged and applied to DuckDB)", Figures.Rate(applied), Figures.Ratio(applied, baseline));
        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ingest events={events} batch={batchSize} clients={clients} cores={Environment.ProcessorCount} baseline={baseline:F0} acknowledged={acknowledged:F0} applied={applied:F0} ack_ratio={acknowledged / baseline:F2} applied_ratio={applied / baseline:F2}"));
        return 0;
    }
}

using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Helix.Bench.Audiences;
using Helix.Bench.Hosting;
using Helix.Bench.Resolution;
using Helix.Bench.Tags;
using Helix.Storage.DuckDb;
using Spectre.Console;

namespace Helix.Bench.Analytics;

/// <summary>
/// A trend, a funnel, a retention, a paths and an attribution query on the real <see cref="DuckDbStore"/> over the
/// <c>tags</c> workload (loaded as the audiences benchmark loads it), each next to a straightforward hand-written DuckDB
/// query of the same question on the same database, alternating, as a ratio. The hand funnel follows each person's
/// first entry only, a simpler question than Helix's best entry, so its counts are printed beside Helix's, not required
/// to match. The hand paths take the three track events within 90 minutes of the first view, without cutting at a
/// 30-minute pause. The hand attribution is last touch only, without the reset at the previous conversion; Helix runs
/// all seven models.
/// </summary>
internal static class AnalyticsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var persons = Arguments.Int(args, "--persons", 100_000);
        var events = Arguments.Int(args, "--events", 1_000_000);
        var seed = Arguments.Int(args, "--seed", 1);
        var runs = Arguments.Int(args, "--runs", 5);
        var now = new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.FromHours(8));
        AnsiConsole.MarkupLine($"Analytics benchmark: {persons:N0} persons, {events:N0} events, {runs} runs, {Environment.ProcessorCount} cores, load average {AudiencesBenchmark.LoadAverage()}");
        var workload = TagsWorkload.Generate(persons, events, seed, now);
        using var directory = TempDirectory.Create();
        var path = Path.Combine(directory.Path, "helix.duckdb");
        await using var store = await DuckDbStore.OpenAsync(path, TimeProvider.System);
        var load = Stopwatch.StartNew();
        AudienceWorkspace.Load(path, workload);
        AnsiConsole.MarkupLine($"Store loaded in {load.Elapsed.TotalSeconds:F1} s (not timed).");
        using var hand = new DuckDBConnection($"Data Source={path}");
        hand.Open();

        // --only kpis,rfm runs those cases alone (the names before the colon), to measure one change without the rest.
        var only = Arguments.Text(args, "--only")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var cases = AnalyticsCases.Create(store, now).Where(c => only is null || only.Contains(c.Name.Split(':')[0], StringComparer.Ordinal)).ToList();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("query").AddColumn("hand SQL p50 / p95 (ms)").AddColumn("Helix p50 / p95 (ms)").AddColumn("ratio p50");
        var result = new List<string>();
        foreach (var (name, helix, sql) in cases)
        {
            await helix();
            Rows(hand, sql);
            var (h, s) = (new List<double>(), new List<double>());
            for (var run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                await helix();
                h.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                Rows(hand, sql);
                s.Add(watch.Elapsed.TotalMilliseconds);
            }

            var (hl, sl) = (Latencies.Of(h), Latencies.Of(s));
            table.AddRow(Markup.Escape(name), string.Create(CultureInfo.InvariantCulture, $"{sl.P50:N0} / {sl.P95:N0}"),
                string.Create(CultureInfo.InvariantCulture, $"{hl.P50:N0} / {hl.P95:N0}"), Figures.Ratio(sl.P50, hl.P50));
            result.Add(string.Create(CultureInfo.InvariantCulture, $"{name.Split(':')[0]}_ms={hl.P50:F1} {name.Split(':')[0]}_sql_ms={sl.P50:F1}"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Ratio = hand SQL time / Helix time (below 1: Helix slower). Load average now {AudiencesBenchmark.LoadAverage()}.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT analytics persons={persons} events={events} cores={Environment.ProcessorCount} runs={runs} {string.Join(" ", result)}"));
        return 0;
    }

    private static int Rows(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }

        return rows;
    }
}

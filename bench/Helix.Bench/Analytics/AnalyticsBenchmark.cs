using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Helix.Bench.Audiences;
using Helix.Bench.Hosting;
using Helix.Bench.Resolution;
using Helix.Bench.Tags;
using Helix.Core.Analytics;
using Helix.Core.Analytics.Attribution;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
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
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

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

        var (from, to) = (new DateOnly(2026, 10, 2), new DateOnly(2026, 10, 31));
        var range = new AnalyticsRange(from, to, AnalyticsInterval.Day, Shanghai);
        var ws = AudienceWorkspace.Workspace;
        var definitions = ProfileDefinitions.Empty;
        var start = "TIMESTAMPTZ '2026-10-01 16:00:00+00'";
        var end = "TIMESTAMPTZ '2026-10-31 16:00:00+00'";
        const string Day = "CAST(make_timestamp(epoch_us(timestamp) + 28800000000) AS DATE)";
        var cases = new (string Name, Func<Task<object>> Helix, string Hand)[]
        {
            ("trends: unique buyers per day, 30 days",
                async () => await store.TrendsAsync(ws, new TrendsQuery(range, EventFilter.Track("Order Completed"), TrendMetric.Unique, null, null, null), definitions, now),
                $"SELECT {Day} AS d, count(DISTINCT person_id) FROM events WHERE workspace_id = 'bench' AND event = 'Order Completed' AND timestamp >= {start} AND timestamp < {end} GROUP BY d"),
            ("funnel: viewed, added, ordered in 7 d (loose)",
                async () => await store.FunnelAsync(ws, new FunnelQuery(range, [EventFilter.Track("Product Viewed"), EventFilter.Track("Product Added"), EventFilter.Track("Order Completed")],
                    TimeSpan.FromDays(7), FunnelOrder.Loose, null, null), definitions, now),
                $"""
                WITH v AS (SELECT person_id, min(timestamp) AS t1 FROM events WHERE workspace_id = 'bench' AND event = 'Product Viewed' AND timestamp >= {start} AND timestamp < {end} GROUP BY person_id),
                a AS (SELECT v.person_id, v.t1, min(e.timestamp) AS t2 FROM v JOIN events e ON e.workspace_id = 'bench' AND e.person_id = v.person_id AND e.event = 'Product Added'
                  AND e.timestamp > v.t1 AND e.timestamp <= v.t1 + INTERVAL 7 DAY GROUP BY ALL),
                o AS (SELECT a.person_id FROM a JOIN events e ON e.workspace_id = 'bench' AND e.person_id = a.person_id AND e.event = 'Order Completed'
                  AND e.timestamp > a.t2 AND e.timestamp <= a.t1 + INTERVAL 7 DAY GROUP BY ALL)
                SELECT (SELECT count(*) FROM v), (SELECT count(*) FROM a), (SELECT count(*) FROM o)
                """),
            ("retention: first order, reorder on day 1-7 (unbounded)",
                async () => await store.RetentionAsync(ws, new RetentionQuery(range, EventFilter.Track("Order Completed"), EventFilter.Track("Order Completed"), 7, false, null, null), definitions, now),
                $"""
                WITH f AS (SELECT person_id, min({Day}) AS d FROM events WHERE workspace_id = 'bench' AND event = 'Order Completed' GROUP BY person_id HAVING d BETWEEN DATE '2026-10-02' AND DATE '2026-10-31'),
                r AS (SELECT f.person_id, f.d, max(date_diff('day', f.d, CAST(make_timestamp(epoch_us(e.timestamp) + 28800000000) AS DATE))) AS n FROM f JOIN events e
                  ON e.workspace_id = 'bench' AND e.person_id = f.person_id AND e.event = 'Order Completed' AND e.timestamp >= {start}
                  WHERE date_diff('day', f.d, CAST(make_timestamp(epoch_us(e.timestamp) + 28800000000) AS DATE)) BETWEEN 1 AND 7 GROUP BY ALL)
                SELECT f.d, count(*), count(r.n) FROM f LEFT JOIN r USING (person_id) GROUP BY f.d
                """),
            ("paths: 3 events after the first view, 30 min pauses",
                async () => await store.PathsAsync(ws, new PathsQuery(range, EventFilter.Track("Product Viewed"), PathDirection.Next, 3, TimeSpan.FromMinutes(30), 8, null), definitions, now),
                $"""
                WITH a AS (SELECT person_id, min(timestamp) AS t FROM events WHERE workspace_id = 'bench' AND event = 'Product Viewed' AND timestamp >= {start} AND timestamp < {end} GROUP BY person_id),
                s AS (SELECT e.person_id, e.event, row_number() OVER (PARTITION BY e.person_id ORDER BY e.timestamp) AS k FROM a JOIN events e
                  ON e.workspace_id = 'bench' AND e.person_id = a.person_id AND e.type = 'track' AND e.timestamp > a.t AND e.timestamp <= a.t + INTERVAL 90 MINUTE)
                SELECT p1, p2, p3, count(*) FROM (SELECT a.person_id, max(CASE WHEN k = 1 THEN event END) AS p1, max(CASE WHEN k = 2 THEN event END) AS p2,
                  max(CASE WHEN k = 3 THEN event END) AS p3 FROM a LEFT JOIN s USING (person_id) GROUP BY a.person_id) GROUP BY ALL
                """),
            ("attribution: orders to viewed categories, 30 d, all models",
                async () => await store.AttributionAsync(ws, new AttributionQuery(range, EventFilter.Track("Order Completed"), EventFilter.Track("Product Viewed"),
                    "category", 30, Enum.GetValues<AttributionModel>(), 7, "total", null), definitions, now),
                $"""
                WITH o AS (SELECT person_id, timestamp AS t FROM events WHERE workspace_id = 'bench' AND event = 'Order Completed' AND timestamp >= {start} AND timestamp < {end}),
                v AS (SELECT person_id, timestamp AS t, json_extract_string(properties, '$.category') AS k FROM events
                  WHERE workspace_id = 'bench' AND event = 'Product Viewed' AND timestamp >= {start} - INTERVAL 30 DAY AND timestamp < {end})
                SELECT v.k, count(*) FROM o ASOF LEFT JOIN v ON v.person_id = o.person_id AND v.t < o.t WHERE v.t >= o.t - INTERVAL 30 DAY GROUP BY v.k
                """),
        };

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

using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Helix.Bench.Hosting;
using Helix.Bench.Resolution;
using Helix.Bench.Tags;
using Helix.Core.Audiences;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb;
using Spectre.Console;

namespace Helix.Bench.Audiences;

/// <summary>
/// Audience estimates and full membership on the real <see cref="DuckDbStore"/>: for five typical segments
/// (<see cref="BenchSegment"/>), <see cref="DuckDbStore.CountAsync"/> (count and a sample of 10) and
/// <see cref="DuckDbStore.MembersAsync"/> against hand-written DuckDB SQL over the same tables, in the same run and the
/// same database. Both sides must select the same persons; a difference is printed and the exit code is 1.
/// </summary>
internal static class AudiencesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var persons = Arguments.Int(args, "--persons", 1_000_000);
        var events = Arguments.Int(args, "--events", 10_000_000);
        var seed = Arguments.Int(args, "--seed", 1);
        var runs = Arguments.Int(args, "--runs", 5);
        var now = new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.FromHours(8));
        var definitions = TagsBenchmark.Definitions();
        AnsiConsole.MarkupLine($"Audiences benchmark: {persons:N0} persons, {events:N0} events, {runs} warm runs per query, seed {seed}, " +
            $"as of {now:yyyy-MM-dd HH:mm zzz}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

        var workload = TagsWorkload.Generate(persons, events, seed, now);
        using var directory = TempDirectory.Create();
        var path = Path.Combine(directory.Path, "helix.duckdb");
        await using var store = await DuckDbStore.OpenAsync(path, TimeProvider.System);
        var load = Stopwatch.StartNew();
        AudienceWorkspace.Load(path, workload);
        AnsiConsole.MarkupLine($"Store loaded in {load.Elapsed.TotalSeconds:F1} s (not timed as a query).");

        using var hand = new DuckDBConnection($"Data Source={path}");
        hand.Open();
        var results = new List<SegmentFigures>();
        foreach (var segment in BenchSegment.All(now))
        {
            AnsiConsole.MarkupLine($"[bold]{segment.Name}[/]: {Markup.Escape(segment.Text)}");
            results.Add(await MeasureAsync(store, hand, segment, definitions, now, runs));
        }

        Report(results, persons, events, runs);
        return results.All(r => r.Agree) ? 0 : 1;
    }

    private static async Task<SegmentFigures> MeasureAsync(DuckDbStore store, DuckDBConnection hand, BenchSegment segment, ProfileDefinitions definitions, DateTimeOffset now, int runs)
    {
        var parsed = AudienceText.Parse(segment.Text);
        var condition = parsed.Condition ?? throw new InvalidOperationException($"{segment.Name} does not parse: {parsed.Error}");
        Task<AudienceEstimate> Estimate() => store.CountAsync(AudienceWorkspace.Workspace, condition, definitions, now, sample: 10);
        Task<IReadOnlyList<PersonId>> Members() => store.MembersAsync(AudienceWorkspace.Workspace, condition, definitions, now);

        // One untimed pass of each query, which also checks that both sides select the same persons.
        var helixCount = (await Estimate()).Count;
        var handCount = Convert.ToInt64(Scalar(hand, $"SELECT count(*) FROM ({segment.HandSql})"), CultureInfo.InvariantCulture);
        var helixMembers = (await Members()).Select(p => p.Value).ToList();
        var handMembers = HandMembers(hand, segment);
        var agree = helixCount == handCount && helixMembers.SequenceEqual(handMembers, StringComparer.Ordinal);
        if (!agree)
        {
            AnsiConsole.MarkupLine($"[red bold]MISMATCH[/] [red]{segment.Name}: Helix counts {helixCount:N0} ({helixMembers.Count:N0} members), hand SQL {handCount:N0} ({handMembers.Count:N0}); " +
                $"only Helix: {string.Join(", ", helixMembers.Except(handMembers, StringComparer.Ordinal).Take(5))}; only SQL: {string.Join(", ", handMembers.Except(helixMembers, StringComparer.Ordinal).Take(5))}[/]");
        }

        var (helixEstimate, handEstimate, helixMembership, handMembership) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var run = 0; run < runs; run++)
        {
            // Alternating sides, so a change in the machine's load falls on both.
            helixEstimate.Add(await TimedAsync(Estimate));
            handEstimate.Add(Timed(() => Scalar(hand, $"SELECT count(*) FROM ({segment.HandSql})")));
            helixMembership.Add(await TimedAsync(Members));
            handMembership.Add(Timed(() => HandMembers(hand, segment)));
        }

        return new SegmentFigures(segment, helixCount, agree, Latencies.Of(helixEstimate), Latencies.Of(handEstimate), Latencies.Of(helixMembership), Latencies.Of(handMembership));
    }

    private static List<string> HandMembers(DuckDBConnection connection, BenchSegment segment)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT person_id FROM ({segment.HandSql}) ORDER BY person_id";
        using var reader = command.ExecuteReader();
        var members = new List<string>();
        while (reader.Read())
        {
            members.Add(reader.GetString(0));
        }

        return members;
    }

    private static void Report(List<SegmentFigures> results, int persons, int events, int runs)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("segment").AddColumn("members")
            .AddColumn("estimate: hand SQL p50 / p95 (ms)").AddColumn("Helix CountAsync p50 / p95 (ms)").AddColumn("ratio p50")
            .AddColumn("members: hand SQL p50 / p95 (ms)").AddColumn("Helix MembersAsync p50 / p95 (ms)").AddColumn("ratio p50");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Segment.Name) + (r.Agree ? "" : " [red](MISMATCH)[/]"), $"{r.Count:N0}",
                Pair(r.HandEstimate), Pair(r.HelixEstimate), Figures.Ratio(r.HandEstimate.P50, r.HelixEstimate.P50),
                Pair(r.HandMembers), Pair(r.HelixMembers), Figures.Ratio(r.HandMembers.P50, r.HelixMembers.P50));
        }

        // Eight columns wrap into unreadable cells at the 80 columns Spectre assumes when the output goes to a file.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 180);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Ratio = hand SQL time / Helix time (above 1: Helix faster). p95 over {runs} runs is the slowest run. Load average now {LoadAverage()}.");
        var segments = string.Join(" ", results.Select((r, i) => string.Create(CultureInfo.InvariantCulture,
            $"s{i + 1}_members={r.Count} s{i + 1}_estimate_ms={r.HelixEstimate.P50:F1} s{i + 1}_estimate_sql_ms={r.HandEstimate.P50:F1} s{i + 1}_estimate_ratio={r.HandEstimate.P50 / r.HelixEstimate.P50:F2} " +
            $"s{i + 1}_members_ms={r.HelixMembers.P50:F1} s{i + 1}_members_sql_ms={r.HandMembers.P50:F1} s{i + 1}_members_ratio={r.HandMembers.P50 / r.HelixMembers.P50:F2}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT audiences persons={persons} events={events} cores={Environment.ProcessorCount} runs={runs} {segments} mismatches={results.Count(r => !r.Agree)}"));
    }

    private static string Pair(Latencies latencies) => string.Create(CultureInfo.InvariantCulture, $"{latencies.P50:N1} / {latencies.P95:N1}");

    /// <summary>The 1-, 5- and 15-minute load averages, or "unknown" off Linux.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<double> TimedAsync<T>(Func<Task<T>> work)
    {
        var stopwatch = Stopwatch.StartNew();
        await work();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static double Timed(Func<object?> work)
    {
        var stopwatch = Stopwatch.StartNew();
        work();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private sealed record SegmentFigures(BenchSegment Segment, long Count, bool Agree, Latencies HelixEstimate, Latencies HandEstimate, Latencies HelixMembers, Latencies HandMembers);
}

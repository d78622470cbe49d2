using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.DemoData;
using Spectre.Console;

namespace Helix.Bench.Tags;

/// <summary>
/// Full recompute of the demo brand's computed traits and tags over a generated workload: Helix's
/// (<see cref="HelixRecompute"/>) against the same computation as plain SQL in DuckDB (<see cref="SqlRecompute"/>),
/// in the same run. Both must give every tag value to the same number of persons; the benchmark lists
/// every difference.
/// </summary>
internal static class TagsBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var persons = Arguments.Int(args, "--persons", 1_000_000);
        var events = Arguments.Int(args, "--events", 10_000_000);
        var seed = Arguments.Int(args, "--seed", 1);
        var now = new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.FromHours(8));
        var definitions = Definitions();
        var computedTags = definitions.Catalog.Tags.Where(t => t.Kind is TagKind.Rule or TagKind.Value).Select(t => t.Name).ToList();
        AnsiConsole.MarkupLine($"Tags benchmark: {persons:N0} persons, {events:N0} events (identify calls included), {definitions.ComputedTraits.Count} computed traits, " +
            $"{definitions.Catalog.Tags.Count} tags ({computedTags.Count} rule and value tags compared), seed {seed}, as of {now:yyyy-MM-dd HH:mm zzz}, {Environment.ProcessorCount} cores");

        AnsiConsole.MarkupLine("Generating the workload …");
        var workload = TagsWorkload.Generate(persons, events, seed, now);
        var sql = SqlRecompute.Run(workload);
        var helix = HelixRecompute.Run(workload, definitions);
        var mismatches = Compare(helix.Counts, sql, computedTags);
        Report(workload, sql, helix, mismatches);
        return Task.FromResult(mismatches == 0 ? 0 : 1);
    }

    /// <summary>The demo brand's definitions, parsed from the YAML the demo applies.</summary>
    public static ProfileDefinitions Definitions()
    {
        var (json, error) = YamlJson.Convert(DemoDefinitions.ProfileDefinitionsYaml);
        var (definitions, errors) = ProfileDefinitions.Parse(JsonElement.Parse(json ?? throw new InvalidOperationException(error)), 1);
        return definitions ?? throw new InvalidOperationException(string.Join("; ", errors.Select(e => $"{e.Field} {e.Reason}")));
    }

    /// <returns>The number of differences: tag values held by different numbers of persons, and tags the SQL does not compute.</returns>
    private static int Compare(TagCounts helix, SqlRecompute.Result sql, List<string> computedTags)
    {
        var missing = computedTags.Except(sql.Tags, StringComparer.Ordinal).ToList();
        var extra = sql.Tags.Except(computedTags, StringComparer.Ordinal).Concat(helix.Tags.Except(computedTags, StringComparer.Ordinal)).ToList();
        var differences = TagCounts.Mismatches(helix, sql.Counts);
        if (missing.Count + extra.Count + differences.Count == 0)
        {
            AnsiConsole.MarkupLine($"[green]Helix and SQL agree[/] on all {computedTags.Count} rule and value tags: {helix.Holdings:N0} tags held in all.");
            return 0;
        }

        foreach (var tag in missing)
        {
            AnsiConsole.MarkupLine($"[red]The SQL does not compute the tag {tag}.[/]");
        }

        foreach (var tag in extra)
        {
            AnsiConsole.MarkupLine($"[red]The tag {tag} is computed but is not a rule or value tag of the catalog.[/]");
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[red]Persons per tag value: Helix and SQL disagree[/]").AddColumn("tag").AddColumn("value").AddColumn("Helix").AddColumn("SQL");
        foreach (var (tag, value, h, s) in differences)
        {
            table.AddRow(tag, value.Length == 0 ? "(rule)" : value, $"{h:N0}", $"{s:N0}");
        }

        AnsiConsole.Write(table);
        return missing.Count + extra.Count + differences.Count;
    }

    private static void Report(TagsWorkload workload, SqlRecompute.Result sql, HelixRecompute.Result helix, int mismatches)
    {
        double persons = workload.Persons.Length, events = workload.Events.Length;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("full recompute (computed traits, then tags)").AddColumn("seconds")
            .AddColumn("persons/s").AddColumn("events/s").AddColumn("ratio");
        void Row(string label, double seconds) => table.AddRow(label, Seconds(seconds), Figures.Rate(persons / seconds), Figures.Rate(events / seconds), Figures.Ratio(sql.Seconds, seconds));
        Row($"baseline: DuckDB SQL, {sql.Threads} threads (traits {Seconds(sql.TraitsSeconds)} s + tags {Seconds(sql.TagsSeconds)} s)", sql.Seconds);
        Row("DuckDB SQL, 1 thread", sql.OneThreadSeconds);
        Row($"Helix FactBook.Define, 1 thread (fold {Seconds(helix.FoldSeconds)} s + evaluate {Seconds(helix.EvaluateSeconds)} s)", helix.Seconds);
        AnsiConsole.Write(table);

        using var process = Process.GetCurrentProcess();
        var peak = process.PeakWorkingSet64 / 1048576;
        AnsiConsole.MarkupLine($"Not timed: loading DuckDB {Seconds(sql.LoadSeconds)} s; Helix: messages in memory {Seconds(helix.MaterializeSeconds)} s, resolving persons {Seconds(helix.GraphSeconds)} s. " +
            $"Helix recorded {helix.TagChanges:N0} tag changes; its facts take {helix.FactBytes / 1048576:N0} MB of managed heap; peak working set {peak:N0} MB.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT tags persons={workload.Persons.Length} events={workload.Events.Length} cores={Environment.ProcessorCount} sql_threads={sql.Threads} " +
            $"sql_s={sql.Seconds:F2} sql_traits_s={sql.TraitsSeconds:F2} sql_tags_s={sql.TagsSeconds:F2} sql_one_thread_s={sql.OneThreadSeconds:F2} sql_load_s={sql.LoadSeconds:F1} " +
            $"helix_s={helix.Seconds:F2} helix_fold_s={helix.FoldSeconds:F2} helix_evaluate_s={helix.EvaluateSeconds:F2} " +
            $"helix_events_per_s={events / helix.Seconds:F0} helix_persons_per_s={persons / helix.Seconds:F0} sql_events_per_s={events / sql.Seconds:F0} sql_persons_per_s={persons / sql.Seconds:F0} " +
            $"ratio={sql.Seconds / helix.Seconds:F3} ratio_one_thread={sql.OneThreadSeconds / helix.Seconds:F3} mismatches={mismatches} holdings={helix.Counts.Holdings} " +
            $"tag_changes={helix.TagChanges} fact_mb={helix.FactBytes / 1048576} peak_working_set_mb={peak}"));
    }

    private static string Seconds(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);
}

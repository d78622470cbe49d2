using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Helix.Core.Collect;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Spectre.Console;

namespace Helix.Bench.Identity;

/// <summary>
/// Batch identity resolution of a generated graph: Helix's resolver (the same fold the pipeline runs,
/// with limits, priorities and merges) against the warehouse way — iterative connected components in
/// SQL, as dbt-style ID stitching does — run in DuckDB on the same links in the same run.
/// </summary>
internal static class IdentityBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var identifiers = Arguments.Int(args, "--identifiers", 10_000_000);
        // A person has a member id and two device ids on average.
        var persons = identifiers / 3;
        var links = Generate(persons);
        var distinct = links.Select(l => l.UserId).Where(u => u.Length > 0).Concat(links.Select(l => l.AnonymousId)).Distinct().LongCount();
        AnsiConsole.MarkupLine($"Identity benchmark: {distinct:N0} identifiers of {persons:N0} persons in {links.Count:N0} links, {Environment.ProcessorCount} cores");

        var (helixSeconds, helixPersons, peakBytes) = RunHelix(links);
        var (sqlSeconds, sqlPersons, iterations) = await RunDuckDbAsync(links);
        if (sqlPersons != helixPersons)
        {
            AnsiConsole.MarkupLine($"[red]The resolvers disagree:[/] Helix {helixPersons:N0} persons, SQL {sqlPersons:N0}.");
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("resolver").AddColumn("links/s").AddColumn("persons").AddColumn("ratio");
        table.AddRow("baseline: DuckDB iterative connected components", Figures.Rate(links.Count / sqlSeconds), $"{sqlPersons:N0} ({iterations} iterations)", "1.00");
        table.AddRow("Helix resolver (limits, priorities, merges)", Figures.Rate(links.Count / helixSeconds), $"{helixPersons:N0}", Figures.Ratio(sqlSeconds, helixSeconds));
        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT identity identifiers={distinct} links={links.Count} cores={Environment.ProcessorCount} helix_links_per_s={links.Count / helixSeconds:F0} sql_links_per_s={links.Count / sqlSeconds:F0} ratio={sqlSeconds / helixSeconds:F2} helix_persons={helixPersons} sql_persons={sqlPersons} peak_working_set_mb={peakBytes / 1048576}"));
        return 0;
    }

    /// <summary>
    /// Each person: a member id, a phone and one to three device ids, seen in pairs (a login, a POS
    /// purchase, an app session), in a shuffled order — so resolution has to merge partial persons.
    /// </summary>
    private static List<(string UserId, string AnonymousId)> Generate(int persons)
    {
        var random = new Random(7);
        var links = new List<(string, string)>(persons * 3);
        for (var p = 0; p < persons; p++)
        {
            var user = string.Create(CultureInfo.InvariantCulture, $"M{p:D9}");
            var devices = 1 + random.Next(3);
            for (var d = 0; d < devices; d++)
            {
                links.Add((d == 0 || random.Next(2) == 0 ? user : "", string.Create(CultureInfo.InvariantCulture, $"dev-{p:x8}-{d}")));
            }

            links.Add((user, string.Create(CultureInfo.InvariantCulture, $"dev-{p:x8}-0")));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(links));
        return links;
    }

    private static (double Seconds, int Persons, long PeakBytes) RunHelix(List<(string UserId, string AnonymousId)> links)
    {
        var workspace = new WorkspaceId("bench");
        var source = new SourceId("bench");
        var graph = new ProfileGraph();
        var merges = new List<PersonMerge>();
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < links.Count; i++)
        {
            var (user, anonymous) = links[i];
            graph.Apply(new CollectedMessage
            {
                WorkspaceId = workspace,
                SourceId = source,
                MessageId = i.ToString(CultureInfo.InvariantCulture),
                Type = MessageType.Identify,
                UserId = user.Length == 0 ? null : user,
                AnonymousId = anonymous,
                Timestamp = at,
                ReceivedAt = at,
            }, i, merges);
            if ((i & 0xFFFF) == 0)
            {
                graph.TakeChanged();
                merges.Clear();
            }
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        return (seconds, graph.PersonCount, process.PeakWorkingSet64);
    }

    private static async Task<(double Seconds, long Persons, int Iterations)> RunDuckDbAsync(List<(string UserId, string AnonymousId)> links)
    {
        var path = Path.Combine(Path.GetTempPath(), $"helix-bench-identity-{Guid.NewGuid():N}.duckdb");
        try
        {
            using var connection = new DuckDBConnection($"Data Source={path}");
            await connection.OpenAsync();
            Execute(connection, "CREATE TABLE raw_links (a VARCHAR, b VARCHAR)");
            using (var appender = connection.CreateAppender("raw_links"))
            {
                foreach (var (user, anonymous) in links)
                {
                    // An anonymous-only session is a self-link: the device is an identifier of its own.
                    appender.CreateRow().AppendValue(user.Length == 0 ? anonymous : user).AppendValue(anonymous).EndRow();
                }
            }

            var stopwatch = Stopwatch.StartNew();
            Execute(connection, """
                CREATE TABLE ids AS SELECT row_number() OVER () AS id, v FROM (SELECT a AS v FROM raw_links UNION SELECT b FROM raw_links);
                CREATE TABLE edges AS
                  SELECT x.id AS a, y.id AS b FROM raw_links r JOIN ids x ON x.v = r.a JOIN ids y ON y.v = r.b
                  UNION ALL SELECT y.id, x.id FROM raw_links r JOIN ids x ON x.v = r.a JOIN ids y ON y.v = r.b;
                CREATE TABLE labels AS SELECT id, id AS label FROM ids;
                """);
            var iterations = 0;
            while (true)
            {
                iterations++;
                // One round of min-label propagation: the warehouse's connected components.
                Execute(connection, """
                    CREATE OR REPLACE TABLE next_labels AS
                      SELECT l.id, least(l.label, coalesce(min(n.label), l.label)) AS label
                      FROM labels l LEFT JOIN edges e ON e.a = l.id LEFT JOIN labels n ON n.id = e.b
                      GROUP BY l.id, l.label;
                    """);
                using var changed = connection.CreateCommand();
                changed.CommandText = "SELECT count(*) FROM labels l JOIN next_labels n USING (id) WHERE l.label <> n.label";
                var count = Convert.ToInt64(changed.ExecuteScalar(), CultureInfo.InvariantCulture);
                Execute(connection, "DROP TABLE labels; ALTER TABLE next_labels RENAME TO labels;");
                if (count == 0 || iterations >= 100)
                {
                    break;
                }
            }

            var seconds = stopwatch.Elapsed.TotalSeconds;
            using var components = connection.CreateCommand();
            components.CommandText = "SELECT count(DISTINCT label) FROM labels";
            return (seconds, Convert.ToInt64(components.ExecuteScalar(), CultureInfo.InvariantCulture), iterations);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".wal");
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

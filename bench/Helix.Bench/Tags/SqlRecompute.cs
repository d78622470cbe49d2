using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Helix.Core.Collect;
using Helix.Core.Workspaces;

namespace Helix.Bench.Tags;

/// <summary>
/// The baseline: the same computed traits and tags as plain SQL (<c>computed-traits.sql</c>, then <c>tags.sql</c>)
/// in an in-memory DuckDB holding the same events as typed columns (a warehouse's events table: the order's
/// total, discount, shop and line categories as columns, the line categories as a list). Loading is timed
/// apart; the computation is timed (after one untimed pass) with DuckDB's default threads (one per core), and again with one thread.
/// </summary>
internal static class SqlRecompute
{
    /// <param name="Tags">The tag columns the SQL computes.</param>
    public sealed record Result(double LoadSeconds, int Threads, double TraitsSeconds, double TagsSeconds, double OneThreadSeconds, TagCounts Counts, IReadOnlyList<string> Tags)
    {
        public double Seconds => TraitsSeconds + TagsSeconds;
    }

    public static Result Run(TagsWorkload workload)
    {
        using var connection = Loaded(workload, out var load);
        var threads = Convert.ToInt32(Scalar(connection, "SELECT current_setting('threads')"), CultureInfo.InvariantCulture);
        // A first, untimed pass: the first query over fresh tables pays for allocating and warming them, not for the computation.
        Timed(connection, Resource("computed-traits.sql"));
        var traits = Timed(connection, Resource("computed-traits.sql"));
        var tags = Timed(connection, Resource("tags.sql"));
        Execute(connection, "SET threads = 1");
        var oneThread = Timed(connection, Resource("computed-traits.sql")) + Timed(connection, Resource("tags.sql"));
        Execute(connection, $"SET threads = {threads}");
        return new Result(load, threads, traits, tags, oneThread, Count(connection), Columns(connection));
    }

    /// <summary>
    /// Each person's tags as the store writes them in <c>person_facts.tags</c> (<c>{"tag": {"value": …, "since": …}}</c>, a rule
    /// tag's value null), from one pass of the same SQL; <paramref name="person"/> is called once per person holding a tag.
    /// </summary>
    public static void Tags(TagsWorkload workload, DateTimeOffset since, Action<int, string> person)
    {
        using var connection = Loaded(workload, out _);
        Execute(connection, Resource("computed-traits.sql"));
        Execute(connection, Resource("tags.sql"));
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT person, CAST(json_group_object(tag, json_object('value', nullif(value, ''), 'since', '{since.UtcDateTime:O}')) AS VARCHAR)
            FROM (UNPIVOT person_tags ON COLUMNS(* EXCLUDE (person)) INTO NAME tag VALUE value) GROUP BY person
            """);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            person(reader.GetInt32(0), reader.GetString(1));
        }
    }

    /// <summary>An in-memory DuckDB with the workload's typed tables and the macros the SQL files use.</summary>
    private static DuckDBConnection Loaded(TagsWorkload workload, out double loadSeconds)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        loadSeconds = Phase.Run("DuckDB: loading events (not timed as computation)", workload.Events.Length, done => Load(connection, workload, done));
        Execute(connection, Macros(WorkspaceTime.Day(workload.Now)));
        return connection;
    }

    private static string Macros(DateOnly today) => $"""
        CREATE MACRO as_of_day() AS DATE '{today:yyyy-MM-dd}';
        CREATE MACRO in_window(ts, days) AS CAST(ts + INTERVAL 8 HOUR AS DATE) > as_of_day() - CAST(days AS INTEGER);
        CREATE MACRO is_order(type, event) AS type = 'track' AND event = 'Order Completed';
        CREATE MACRO is_refund(type, event) AS type = 'track' AND event = 'Order Refunded';
        CREATE MACRO holds(condition) AS CASE WHEN condition THEN '' END;
        """;

    private static void Load(DuckDBConnection connection, TagsWorkload workload, Action<long> done)
    {
        Execute(connection, """
            CREATE TABLE persons (person INTEGER, tier VARCHAR, gender VARCHAR, city VARCHAR, birthday DATE, home_store VARCHAR, phone VARCHAR);
            CREATE TABLE events (person INTEGER, type VARCHAR, event VARCHAR, ts TIMESTAMP, total DECIMAL(18, 2), discount DECIMAL(18, 2),
              affiliation VARCHAR, categories VARCHAR[], category VARCHAR, name VARCHAR, coupon_id VARCHAR, path VARCHAR,
              campaign_source VARCHAR, campaign_name VARCHAR);
            """);
        using (var persons = connection.CreateAppender("persons"))
        {
            for (var p = 0; p < workload.Persons.Length; p++)
            {
                var person = workload.Persons[p];
                persons.CreateRow().AppendValue(p).AppendValue(person.Tier).AppendValue(person.Gender).AppendValue(person.City)
                    .AppendValue(person.Birthday is { } b ? DateOnly.ParseExact(b, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null)
                    .AppendValue(person.HomeStore).AppendNullValue().EndRow();
            }
        }

        using var events = connection.CreateAppender("events");
        for (var i = 0; i < workload.Events.Length; i++)
        {
            var e = workload.Events[i];
            var v = e.Variant < 0 ? null : workload.Variants.Variants[e.Variant];
            var campaign = workload.Variants.Campaigns[e.Campaign];
            events.CreateRow().AppendValue(e.Person).AppendValue(v is null ? "identify" : v.Type.ToWire()).AppendValue(v?.Event)
                .AppendValue(new DateTime(e.Ticks, DateTimeKind.Utc)).AppendValue(v?.Total).AppendValue(v?.Discount).AppendValue(v?.Affiliation)
                .AppendValue(v?.Categories).AppendValue(v?.Category).AppendValue(v?.Name).AppendValue(v?.CouponId).AppendValue(v?.Path)
                .AppendValue(campaign.Source).AppendValue(campaign.Name).EndRow();
            done(i);
        }
    }

    private static TagCounts Count(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tag, value, count(*) FROM (UNPIVOT person_tags ON COLUMNS(* EXCLUDE (person)) INTO NAME tag VALUE value) GROUP BY ALL";
        using var reader = command.ExecuteReader();
        var counts = new TagCounts();
        while (reader.Read())
        {
            counts.Add(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
        }

        return counts;
    }

    private static List<string> Columns(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT column_name FROM (DESCRIBE person_tags) WHERE column_name <> 'person'";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static double Timed(DuckDBConnection connection, string sql)
    {
        var stopwatch = Stopwatch.StartNew();
        Execute(connection, sql);
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static string Resource(string name)
    {
        using var stream = typeof(SqlRecompute).Assembly.GetManifestResourceStream($"Helix.Bench.Tags.{name}")
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing: see Helix.Bench.csproj.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

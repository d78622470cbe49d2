using System.Diagnostics;
using DuckDB.NET.Data;

namespace Helix.Bench.Ingestion;

/// <summary>
/// The baseline: the same events written by the DuckDB appender alone into a table of the same shape,
/// committed durably in 5,000-row transactions — what any DuckDB-based ingester pays at minimum.
/// </summary>
internal static class AppenderBaseline
{
    public static double EventsPerSecond(string directory, int events, int users, DateTimeOffset start)
    {
        var path = Path.Combine(directory, "baseline.duckdb");
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE events (workspace_id VARCHAR, position BIGINT, message_id VARCHAR, type VARCHAR, event VARCHAR,
                  user_id VARCHAR, anonymous_id VARCHAR, person_id VARCHAR, source_id VARCHAR, timestamp TIMESTAMPTZ,
                  received_at TIMESTAMPTZ, properties JSON, context JSON)
                """;
            create.ExecuteNonQuery();
        }

        // Generated before the clock starts, as the system run's request bodies are.
        var all = Enumerable.Range(0, events).Select(i => SyntheticEvents.At(i, users, start)).ToArray();
        var stopwatch = Stopwatch.StartNew();
        const int commitEvery = 5_000;
        for (var first = 0; first < events; first += commitEvery)
        {
            using var transaction = connection.BeginTransaction();
            using (var appender = connection.CreateAppender("events"))
            {
                for (var i = first; i < Math.Min(events, first + commitEvery); i++)
                {
                    var e = all[i];
                    appender.CreateRow()
                        .AppendValue("default").AppendValue((long)i).AppendValue(e.MessageId).AppendValue("track").AppendValue(e.Name)
                        .AppendValue(e.UserId).AppendNullValue().AppendValue("p_" + e.UserId).AppendValue("src")
                        .AppendValue(e.Timestamp.UtcDateTime).AppendValue(e.Timestamp.UtcDateTime)
                        .AppendValue(e.PropertiesJson).AppendValue("""{"library":{"name":"helix-bench","version":"1.0"},"ip":"127.0.0.1"}""")
                        .EndRow();
                }
            }

            transaction.Commit();
        }

        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "CHECKPOINT";
            checkpoint.ExecuteNonQuery();
        }

        return events / stopwatch.Elapsed.TotalSeconds;
    }
}

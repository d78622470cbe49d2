using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Helix.Core.Analytics.Attribution;
using Helix.Core.Audiences;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// Attribution's paths as one query. <c>ev</c>: the conversion and touch events of the range widened by the lookback,
/// each with its channel key <c>k</c> (the dimension as a scalar key; NULL: not a touch) and value <c>v</c>. Each
/// conversion whose day is in the range gets the touches after the person's previous conversion, before it and no
/// older than the lookback (<c>credited</c>); a person's touches in the range after their last conversion up to the
/// range's end form their non-converting journey. Rows: 1 per conversion (value, channels and ages in µs as JSON lists,
/// count 1), then 0 per distinct non-converting journey (its channels and how many persons followed it).
/// </summary>
internal static class AttributionSql
{
    public static (string Sql, AnalyticsSql Parameters) Compile(AttributionQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var sql = AnalyticsSql.Create(query.Segment, definitions, now);
        var range = query.Range;
        var (start, end) = range.ScanBounds();
        var value = query.Value is { } property ? EventSql.Number(sql.Property(property)) : "0";
        var lookback = sql.Add(query.Lookback.Ticks / TimeSpan.TicksPerMicrosecond);
        var text = $"""
            WITH ev AS (SELECT * FROM (
              SELECT ev.person_id, {AnalyticsSql.Order} AS o, epoch_us(ev.timestamp) AS t, {sql.Day(range)} AS d,
                coalesce({sql.Matches(query.Conversion)}, false) AS c, coalesce({sql.Matches(query.Touchpoints)}, false) AS m,
                {EventSql.ScalarKey(sql.Property(query.Dimension))} AS k, {value} AS v
              FROM events ev
              WHERE ev.workspace_id = $ws AND ev.timestamp >= {sql.Add((start - query.Lookback).UtcDateTime)} AND ev.timestamp < {sql.Add(end.UtcDateTime)}{sql.SegmentFilter()})
              WHERE c OR m),
            conv AS (SELECT person_id, o, t, d, v, lag(o) OVER (PARTITION BY person_id ORDER BY o) AS prev FROM ev WHERE c),
            cin AS (SELECT * FROM conv WHERE {sql.InRange(range, "d")}),
            touch AS (SELECT person_id, o, t, d, k FROM ev WHERE m AND NOT c AND k IS NOT NULL),
            credited AS (
              SELECT cin.person_id, cin.o AS co, touch.o, touch.k, cin.t - touch.t AS age FROM cin JOIN touch
                ON touch.person_id = cin.person_id AND touch.o < cin.o AND (cin.prev IS NULL OR touch.o > cin.prev) AND touch.t >= cin.t - {lookback}),
            paths AS (
              SELECT cin.person_id, cin.o, any_value(cin.v) AS v,
                to_json(list(credited.k ORDER BY credited.o) FILTER (WHERE credited.k IS NOT NULL)) AS ks,
                to_json(list(credited.age ORDER BY credited.o) FILTER (WHERE credited.k IS NOT NULL)) AS ages
              FROM cin LEFT JOIN credited ON credited.person_id = cin.person_id AND credited.co = cin.o
              GROUP BY cin.person_id, cin.o),
            lastc AS (SELECT person_id, max(o) AS lo FROM ev WHERE c AND d <= {sql.Date(range.To)} GROUP BY person_id),
            nulls AS (
              SELECT to_json(list(touch.k ORDER BY touch.o)) AS ks FROM touch LEFT JOIN lastc ON lastc.person_id = touch.person_id
              WHERE {sql.InRange(range, "touch.d")} AND (lastc.lo IS NULL OR touch.o > lastc.lo)
              GROUP BY touch.person_id)
            SELECT 1, v, ks, ages, 1 FROM paths
            UNION ALL
            SELECT 0, NULL, ks, NULL, count(*) FROM nulls GROUP BY ks
            """;
        return (text, sql);
    }

    /// <summary>One row: a conversion (its value, channels, ages) or a non-converting journey and its persons.</summary>
    public sealed record Row(bool Converted, decimal Value, string[] Channels, long[] Ages, long Count);

    public static Row Read(DbDataReader reader) => new(
        Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture) == 1,
        reader.IsDBNull(1) ? 0 : Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture),
        reader.IsDBNull(2) ? [] : JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [],
        reader.IsDBNull(3) ? [] : JsonSerializer.Deserialize<long[]>(reader.GetString(3)) ?? [],
        Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture));

    /// <exception cref="AudienceQueryException">Markov or Shapley meet more channels than they take (field <c>models</c>).</exception>
    public static AttributionResult Result(AttributionQuery query, IReadOnlyList<Row> rows)
    {
        var conversions = rows.Where(r => r.Converted)
            .Select(r => new ConversionPath([.. r.Channels.Zip(r.Ages, (c, age) => new Touch(c, age / (double)MicrosPerDay))], r.Value))
            .ToList();
        var journeys = rows.Where(r => !r.Converted).Select(r => new Journey(r.Channels, 0, r.Count));
        var (result, error) = AttributionCalculator.Compute(query, conversions, journeys);
        return result ?? throw new AudienceQueryException(error!.Field, error.Reason);
    }

    private const long MicrosPerDay = 86_400_000_000;
}

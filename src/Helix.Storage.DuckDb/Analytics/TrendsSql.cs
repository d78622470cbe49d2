using Helix.Core.Analytics;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// A trend as one query: the matching events of the range (day, bucket, breakdown key, number), the top breakdown
/// keys by events, then counts, distinct persons, sums and numbers per (bucket, group) and per group over the range,
/// in one GROUPING SETS pass. Returns rows (bucket day number or NULL for the group's total, group key or NULL for
/// "other", count, persons, sum, numbers).
/// </summary>
internal static class TrendsSql
{
    public static (string Sql, AnalyticsSql Parameters) Compile(TrendsQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var sql = AnalyticsSql.Create(query.Segment, definitions, now);
        var range = query.Range;
        var day = sql.Day(range);
        var number = query.Property is { } property ? EventSql.Number(sql.Property(property)) : "NULL";
        var text = $"""
            WITH e AS (
              SELECT ev.person_id, {AnalyticsSql.DayNumber(sql.Bucket(range, "d"))} AS b, k, n FROM (
                SELECT ev.person_id, {day} AS d, {sql.Key(query.Breakdown)} AS k, {number} AS n
                FROM events ev{AnalyticsSql.Joins(query.Breakdown)}
                WHERE {sql.Scan(range)} AND {sql.Matches(query.Event)}{sql.SegmentFilter()}) ev
              WHERE {sql.InRange(range, "d")}),
            top AS ({sql.Top("e", "count(*)", query.Breakdown?.Limit ?? 1)})
            SELECT b, g, count(*), count(DISTINCT person_id), sum(n), count(n)
            FROM (SELECT person_id, b, n, CASE WHEN k IN (SELECT k FROM top) THEN k END AS g FROM e)
            GROUP BY GROUPING SETS ((b, g), (g))
            """;
        return (text, sql);
    }

    /// <summary>One row of the query.</summary>
    public sealed record Row(long? Bucket, string? Group, long Count, long Persons, decimal Sum, long Numbers);

    /// <summary>The series: groups by events (descending, then key), "other" last; every bucket present.</summary>
    public static TrendsResult Result(TrendsQuery query, IReadOnlyList<Row> rows)
    {
        var buckets = query.Range.Buckets();
        var series = rows.Where(r => r.Bucket is null)
            .OrderBy(r => r.Group is null)
            .ThenByDescending(r => r.Count)
            .ThenBy(r => r.Group, Utf8Order.Instance)
            .Select(total =>
            {
                var points = rows.Where(r => r.Bucket is not null && r.Group == total.Group)
                    .ToDictionary(r => AnalyticsSql.FromDayNumber(r.Bucket!.Value));
                var group = query.Breakdown is null ? null : total.Group is null ? BreakdownValue.Other : new BreakdownValue(total.Group);
                return new TrendSeries(group, [.. buckets.Select(b => new TrendPoint(b, Value(query.Metric, points.GetValueOrDefault(b))))], Value(query.Metric, total));
            })
            .ToList();
        if (series.Count == 0)
        {
            series.Add(new TrendSeries(query.Breakdown is null ? null : BreakdownValue.None, [.. buckets.Select(b => new TrendPoint(b, Value(query.Metric, null)))], Value(query.Metric, null)));
        }

        return new TrendsResult(series);
    }

    private static decimal? Value(TrendMetric metric, Row? row) => metric switch
    {
        TrendMetric.Count => row?.Count ?? 0,
        TrendMetric.Unique => row?.Persons ?? 0,
        TrendMetric.Sum => Trimmed(row?.Sum ?? 0),
        _ => row is { Numbers: > 0 } r ? Trimmed(r.Sum / r.Numbers) : null,
    };

    /// <summary>Without trailing zeros (DuckDB's decimals carry 18 places): 12.5, not 12.500000000000000000.</summary>
    private static decimal Trimmed(decimal value) => value / 1.000000000000000000000000000000000m;
}

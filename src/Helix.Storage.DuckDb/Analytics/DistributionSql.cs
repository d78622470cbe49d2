using System.Globalization;
using System.Text.Json;
using Helix.Core.Analytics;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// A distribution as one query: the values (the property's number per matching event, or matching events per person)
/// as doubles, their summary with <c>quantile_cont</c>, and each value's bin by <see cref="DistributionResult.Width"/>'s
/// rule. Rows: bin (NULL for the summary row), count, then for the summary min, max, mean and the quantiles as JSON.
/// </summary>
internal static class DistributionSql
{
    public static (string Sql, AnalyticsSql Parameters) Compile(DistributionQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var sql = AnalyticsSql.Create(query.Segment, definitions, now);
        var range = query.Range;
        // The property is extracted once per event, then read as a number: Number() names its argument many times.
        var value = query.Property is { } property ? sql.Property(property) : "NULL";
        var number = query.Property is null ? "NULL" : EventSql.Double("ev.p");
        var matching = $"""
            SELECT ev.person_id, {number} AS x FROM (
              SELECT ev.person_id, {value} AS p, {sql.Day(range)} AS d FROM events ev
              WHERE {sql.Scan(range)} AND {sql.Matches(query.Event)}{sql.SegmentFilter()}) ev
            WHERE {sql.InRange(range, "d")}
            """;
        var values = query.PerPerson
            ? $"SELECT CAST(count(*) AS DOUBLE) AS x FROM ({matching}) GROUP BY person_id"
            : $"SELECT x FROM ({matching}) WHERE x IS NOT NULL";
        var bins = sql.Add(query.Bins);
        var width = query.PerPerson ? $"ceil((s.hi - s.lo + 1) / {bins})" : $"((s.hi - s.lo) / {bins})";
        var last = query.PerPerson ? $"CAST(ceil((s.hi - s.lo + 1) / {width}) AS BIGINT) - 1" : $"{bins} - 1";
        // Constants of the code, not values of the query: written into the SQL.
        var quantiles = $"[{string.Join(", ", DistributionQuery.Quantiles.Select(q => q.ToString("R", CultureInfo.InvariantCulture)))}]";
        var text = $"""
            WITH v AS ({values}),
            s AS (SELECT count(*) AS n, min(x) AS lo, max(x) AS hi, avg(x) AS mean, quantile_cont(x, {quantiles}) AS q FROM v)
            SELECT NULL, n, lo, hi, mean, CAST(to_json(q) AS VARCHAR) FROM s
            UNION ALL
            SELECT b, count(*), NULL, NULL, NULL, NULL FROM (
              SELECT CASE WHEN s.hi = s.lo THEN 0 ELSE least(CAST(floor((v.x - s.lo) / {width}) AS BIGINT), {last}) END AS b FROM v, s)
            GROUP BY b
            """;
        return (text, sql);
    }

    public sealed record Row(long? Bin, long Count, double? Min, double? Max, double? Mean, string? Quantiles);

    public static DistributionResult Result(DistributionQuery query, IReadOnlyList<Row> rows)
    {
        var summary = rows.Single(r => r.Bin is null);
        if (summary is not { Count: > 0, Min: { } min, Max: { } max })
        {
            return DistributionResult.Empty;
        }

        var values = JsonSerializer.Deserialize<double[]>(summary.Quantiles!)!;
        var width = DistributionResult.Width(min, max, query.Bins, query.PerPerson);
        var counts = rows.Where(r => r.Bin is not null).ToDictionary(r => r.Bin!.Value, r => r.Count);
        var bins = Enumerable.Range(0, DistributionResult.BinCount(min, max, query.Bins, query.PerPerson))
            .Select(i => new DistributionBin(min + (i * width), min + ((i + 1) * width), counts.GetValueOrDefault(i)))
            .ToList();
        return new DistributionResult(summary.Count, min, max, summary.Mean,
            [.. DistributionQuery.Quantiles.Select((q, i) => new DistributionQuantile(q, values[i]))], bins);
    }
}

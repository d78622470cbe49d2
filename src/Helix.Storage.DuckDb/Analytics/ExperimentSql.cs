using System.Text.RegularExpressions;
using Helix.Core.Analytics;
using Helix.Core.Analytics.Experiments;
using Helix.Core.Audiences;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// An experiment as one query: each person's arm (<c>a</c>: first in-range exposure with its arm property, or the cohort
/// conditions they satisfy now; <c>arms</c> counts distinct arms), the single-arm persons (<c>s</c>), their conversion
/// events in the window (and, for CUPED, in the pre-period) aggregated per person, then per arm and exposure day the
/// persons, converted persons and the sums of outcome y and covariate x that <see cref="Moments"/> needs. A last row with
/// a NULL arm carries the number of persons in more than one arm. A query's segment keeps only its persons, before arms are counted.
/// </summary>
internal static partial class ExperimentSql
{
    private const long MicrosPerDay = 86_400_000_000;

    public static (string Sql, AnalyticsSql Parameters) Compile(ExperimentQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var sql = AnalyticsSql.Create(query.Segment, definitions, now);
        var range = query.Range;
        var persons = query.Exposure is { } exposure ? Exposed(sql, range, exposure) : Cohorts(sql, query, definitions, now);
        var cuped = query.CupedDays ?? 0;
        // Days of the pre-period too: a fixed offset must hold there as well before a day is plain arithmetic.
        var days = range with { From = range.From.AddDays(-cuped) };
        var (converts, before) = query.Exposure is null ? CohortWindows(sql, range, days, cuped) : ExposureWindows(sql, query.WindowDays, cuped);
        var number = query.Metric is { } metric ? EventSql.Double(sql.Property(metric)) : "NULL";
        var y = query.Metric is null ? "CAST(coalesce(o.c, 0) > 0 AS DOUBLE)" : "CAST(coalesce(o.ym, 0) AS DOUBLE)";
        var x = query.CupedDays is null ? "0.0" : query.Metric is null ? "CAST(coalesce(o.pc, 0) AS DOUBLE)" : "CAST(coalesce(o.xm, 0) AS DOUBLE)";
        var text = $"""
            WITH {persons},
            s AS (SELECT * FROM a WHERE arms = 1),
            e AS (
              SELECT s.person_id, {number} AS n, {converts} AS isc, {before} AS isp
              FROM s JOIN events ev ON ev.person_id = s.person_id
              WHERE {sql.Scan(days, TimeSpan.FromDays(query.WindowDays))} AND {sql.Matches(query.Conversion)}),
            o AS (
              SELECT person_id, count(*) FILTER (WHERE isc) AS c, sum(n) FILTER (WHERE isc) AS ym, count(*) FILTER (WHERE isp) AS pc, sum(n) FILTER (WHERE isp) AS xm
              FROM e GROUP BY person_id),
            v AS (SELECT s.arm, s.d, coalesce(o.c, 0) > 0 AS converted, {y} AS y, {x} AS x FROM s LEFT JOIN o ON o.person_id = s.person_id)
            SELECT arm, {AnalyticsSql.DayNumber("d")}, count(*), count(*) FILTER (WHERE converted), sum(y), sum(y * y), sum(x), sum(x * x), sum(x * y)
            FROM v GROUP BY arm, d
            UNION ALL
            SELECT NULL, NULL, (SELECT count(*) FROM a WHERE arms > 1), 0, 0.0, 0.0, 0.0, 0.0, 0.0
            """;
        return (text, sql);
    }

    /// <summary>Each person's first exposure whose day is in the range and whose arm property is a scalar.</summary>
    private static string Exposed(AnalyticsSql sql, AnalyticsRange range, ExperimentExposure exposure)
    {
        var value = sql.Property(exposure.ArmProperty);
        var arm = $"(CASE WHEN json_type({value}) IN ('VARCHAR', 'BIGINT', 'UBIGINT', 'DOUBLE', 'BOOLEAN') THEN json_extract_string({value}, '$') END)";
        return $"""
            x AS (
              SELECT ev.person_id, {arm} AS arm, {AnalyticsSql.Order} AS o, epoch_us(ev.timestamp) AS t, {sql.Day(range)} AS d
              FROM events ev WHERE {sql.Scan(range)} AND {sql.Matches(exposure.Event)}{sql.SegmentFilter()}),
            a AS (
              SELECT person_id, arg_min(arm, o) AS arm, min(o) AS o, arg_min(t, o) AS t, arg_min(d, o) AS d, count(DISTINCT arm) AS arms
              FROM x WHERE arm IS NOT NULL AND {sql.InRange(range, "d")} GROUP BY person_id)
            """;
    }

    /// <summary>Each arm's segment compiled by the audience compiler, its parameters renamed into this query's.</summary>
    private static string Cohorts(AnalyticsSql sql, ExperimentQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var members = query.Arms.Select((arm, i) =>
        {
            AudienceQuery compiled;
            try
            {
                compiled = AudienceSql.Compile(arm.Segment!, definitions, now);
            }
            catch (AudienceCompileException e)
            {
                throw new AudienceQueryException($"arms[{i}].segment", $"{e.Field}: {e.Reason}");
            }

            var names = compiled.Parameters.Select(p => sql.Add(p.Value)).ToList();
            var renamed = Placeholder().Replace(compiled.Sql, m => names[int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)]);
            return $"SELECT person_id, {sql.Add(arm.Name)} AS arm FROM ({renamed})";
        });
        return $"""
            m AS ({string.Join("\nUNION ALL ", members)}),
            a AS (
              SELECT person_id, min(arm) AS arm, CAST(NULL AS HUGEINT) AS o, CAST(NULL AS BIGINT) AS t, {sql.Date(query.Range.From)} AS d, count(DISTINCT arm) AS arms
              FROM m WHERE TRUE{sql.SegmentFilter("m.person_id")} GROUP BY person_id)
            """;
    }

    /// <summary>After the exposure (in event order) and within the window; before it and within the pre-period.</summary>
    private static (string Converts, string Before) ExposureWindows(AnalyticsSql sql, int windowDays, int cupedDays) =>
        ($"({AnalyticsSql.Order} > s.o AND epoch_us(ev.timestamp) <= s.t + {sql.Add(windowDays * MicrosPerDay)})",
         $"({AnalyticsSql.Order} < s.o AND epoch_us(ev.timestamp) >= s.t - {sql.Add(cupedDays * MicrosPerDay)})");

    /// <summary>A day in the range; a day in the pre-period's days before <c>from</c>.</summary>
    private static (string Converts, string Before) CohortWindows(AnalyticsSql sql, AnalyticsRange range, AnalyticsRange days, int cupedDays)
    {
        var day = sql.Day(days);
        return ($"({sql.InRange(range, day)})",
            $"({day} BETWEEN {sql.Date(range.From.AddDays(-Math.Max(cupedDays, 1)))} AND {sql.Date(range.From.AddDays(-1))} AND {sql.Add(cupedDays)} > 0)");
    }

    [GeneratedRegex(@"\$p(\d+)")]
    private static partial Regex Placeholder();

    /// <summary>One row: arm (NULL: the excluded-persons row), exposure day number, persons, conversions and sums.</summary>
    public sealed record Row(string? Arm, long? Day, long Persons, long Conversions, double SumY, double SumY2, double SumX, double SumX2, double SumXY);

    public static ExperimentData Result(IReadOnlyList<Row> rows) =>
        new(
            [.. rows.Where(r => r.Arm is not null).Select(r => new ArmDay(
                r.Arm!, AnalyticsSql.FromDayNumber(r.Day!.Value), r.Conversions, new Moments(r.Persons, r.SumY, r.SumY2, r.SumX, r.SumX2, r.SumXY)))],
            rows.Where(r => r.Arm is null).Sum(r => r.Persons));
}

using Helix.Core.Analytics;
using Helix.Core.Profiles.Facts;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// Retention as one query: each person's first start event ever (its day, breakdown key), kept when that day is in the
/// range; their return periods (1…N) from the return events; then per (cohort, group) the cohort's persons (period 0)
/// and, per period, the persons who returned in it (bounded) or whose last return is in it (unbounded: C# sums those
/// from the last period down). Rows: cohort day number, group key (NULL: other), period, persons.
/// </summary>
internal static class RetentionSql
{
    public static (string Sql, AnalyticsSql Parameters) Compile(RetentionQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var sql = AnalyticsSql.Create(query.Segment, definitions, now);
        var range = query.Range;
        var weekly = range.Interval == AnalyticsInterval.Week;
        var days = weekly ? 7 : 1;
        var period = weekly
            ? $"date_diff('day', {AnalyticsSql.Truncate(AnalyticsInterval.Week, "c.d")}, {AnalyticsSql.Truncate(AnalyticsInterval.Week, "r.d")}) // 7"
            : "date_diff('day', c.d, r.d)";
        var returns = query.Bounded ? "SELECT DISTINCT person_id, n" : "SELECT person_id, max(n) AS n";
        var text = $"""
            WITH firsts AS (
              SELECT ev.person_id, arg_min({sql.Day(range)}, {AnalyticsSql.Order}) AS d, arg_min({sql.Key(query.Breakdown)}, {AnalyticsSql.Order}) AS k
              FROM events ev{AnalyticsSql.Joins(query.Breakdown)}
              WHERE ev.workspace_id = $ws AND ev.timestamp < {sql.Add(range.ScanBounds().End.UtcDateTime)} AND {sql.Matches(query.Start)}{sql.SegmentFilter()}
              GROUP BY ev.person_id),
            c AS (SELECT person_id, d, {sql.Bucket(range, "d")} AS b, k FROM firsts WHERE {sql.InRange(range, "d")}),
            r AS (SELECT ev.person_id, {sql.Day(range)} AS d FROM events ev
              WHERE {sql.Scan(range, TimeSpan.FromDays((query.Periods + 1) * days))} AND {sql.Matches(query.Return)} AND ev.person_id IN (SELECT person_id FROM c)),
            periods AS (SELECT c.person_id, {period} AS n FROM c JOIN r ON r.person_id = c.person_id),
            kept AS ({returns} FROM periods WHERE n BETWEEN 1 AND {sql.Add(query.Periods)}{(query.Bounded ? "" : " GROUP BY person_id")}),
            top AS ({sql.Top("c", "count(*)", query.Breakdown?.Limit ?? 1)}),
            g AS (SELECT person_id, b, CASE WHEN k IN (SELECT k FROM top) THEN k END AS g FROM c)
            SELECT {AnalyticsSql.DayNumber("b")}, g, 0, count(*) FROM g GROUP BY ALL
            UNION ALL
            SELECT {AnalyticsSql.DayNumber("b")}, g, n, count(*) FROM g JOIN kept ON kept.person_id = g.person_id GROUP BY ALL
            """;
        return (text, sql);
    }

    public sealed record Row(long Cohort, string? Group, int Period, long Persons);

    /// <summary>Groups by persons (descending, then key), "other" last; cohorts by day, only those with persons.</summary>
    public static RetentionResult Result(RetentionQuery query, IReadOnlyList<Row> rows)
    {
        var groups = rows.GroupBy(r => r.Group)
            .OrderBy(g => g.Key is null)
            .ThenByDescending(g => g.Where(r => r.Period == 0).Sum(r => r.Persons))
            .ThenBy(g => g.Key, Utf8Order.Instance)
            .Select(g => new RetentionGroup(
                query.Breakdown is null ? null : g.Key is null ? BreakdownValue.Other : new BreakdownValue(g.Key),
                [.. g.GroupBy(r => r.Cohort).OrderBy(c => c.Key).Select(c => Cohort(query, c.Key, c))]))
            .ToList();
        if (groups.Count == 0)
        {
            groups.Add(new RetentionGroup(query.Breakdown is null ? null : BreakdownValue.None, []));
        }

        return new RetentionResult(groups);
    }

    private static RetentionCohort Cohort(RetentionQuery query, long cohort, IEnumerable<Row> rows)
    {
        var retained = new long[query.Periods + 1];
        foreach (var row in rows)
        {
            retained[row.Period] = row.Persons;
        }

        if (!query.Bounded)
        {
            // Each person was counted once, in the period of their last return: retained in n = returned in n or later.
            for (var n = query.Periods - 1; n >= 1; n--)
            {
                retained[n] += retained[n + 1];
            }
        }

        return new RetentionCohort(AnalyticsSql.FromDayNumber(cohort), retained[0], retained);
    }
}

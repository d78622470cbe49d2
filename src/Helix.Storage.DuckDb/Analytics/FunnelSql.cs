using System.Globalization;
using System.Text;
using Helix.Core.Analytics;
using Helix.Core.Profiles.Facts;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// A funnel as one query ending in <c>best</c>: per person, the entry (a first-step event whose day is in the range)
/// reaching the furthest step, earliest on ties, with each reached step's time <c>t1…tN</c> (microseconds), the number of
/// steps <c>reached</c> and its breakdown key <c>k</c>. Loose order follows each entry with an ASOF join per step (the
/// earliest matching event after the step before); strict order reads the person's next track events with <c>lead</c>.
/// </summary>
internal static class FunnelSql
{
    public static (string Sql, AnalyticsSql Parameters) Best(FunnelQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var sql = AnalyticsSql.Create(query.Segment, definitions, now);
        var n = query.Steps.Count;
        var text = new StringBuilder("WITH ");
        text.Append(query.Order == FunnelOrder.Loose ? Loose(sql, query) : Strict(sql, query));
        var window = sql.Add(query.Window.Ticks / TimeSpan.TicksPerMicrosecond);
        var within = string.Join(" + ", Enumerable.Range(2, n - 1).Select(i => $"coalesce(CAST(t{i} <= t1 + {window} AS INTEGER), 0)"));
        var times = string.Join(", ", Enumerable.Range(2, n - 1).Select(i => $"t{i}"));
        text.Append(CultureInfo.InvariantCulture, $"""
            ,
            reach AS (SELECT person_id, o1, k, t1, {times}, 1 + {within} AS reached FROM chain),
            best AS (SELECT * FROM reach QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY reached DESC, o1) = 1)

            """);
        return (text.ToString(), sql);
    }

    /// <summary>Entries (<c>s1</c>) and, per later step, its events; then the chain of earliest next steps.</summary>
    private static string Loose(AnalyticsSql sql, FunnelQuery query)
    {
        var range = query.Range;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            s1 AS (SELECT * FROM (
              SELECT ev.person_id, {AnalyticsSql.Order} AS o, epoch_us(ev.timestamp) AS t, {sql.Day(range)} AS d, {sql.Key(query.Breakdown)} AS k
              FROM events ev{AnalyticsSql.Joins(query.Breakdown)}
              WHERE {sql.Scan(range)} AND {sql.Matches(query.Steps[0])}{sql.SegmentFilter()})
              WHERE {sql.InRange(range, "d")})
            """);
        for (var i = 2; i <= query.Steps.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                ,
                s{i} AS (SELECT ev.person_id, {AnalyticsSql.Order} AS o, epoch_us(ev.timestamp) AS t FROM events ev
                  WHERE {sql.Scan(range, query.Window)} AND {sql.Matches(query.Steps[i - 1])} AND ev.person_id IN (SELECT person_id FROM s1))
                """);
        }

        text.Append(",\nchain AS (SELECT s1.person_id, s1.o AS o1, s1.k, s1.t AS t1");
        for (var i = 2; i <= query.Steps.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $", s{i}.t AS t{i}");
        }

        text.Append("\nFROM s1");
        for (var i = 2; i <= query.Steps.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nASOF LEFT JOIN s{i} ON s{i}.person_id = s1.person_id AND s{i}.o > s{i - 1}.o");
        }

        return text.Append(')').ToString();
    }

    /// <summary>Every track event of the persons in the scan, each step's match, and from each entry the next N−1 events.</summary>
    private static string Strict(AnalyticsSql sql, FunnelQuery query)
    {
        var range = query.Range;
        var n = query.Steps.Count;
        var matches = string.Join(", ", query.Steps.Select((step, i) => $"{sql.Matches(step)} AS m{i + 1}"));
        var leads = string.Join(", ", Enumerable.Range(2, n - 1).Select(i =>
            $"lead(m{i}, {i - 1}) OVER w AS n{i}, lead(t, {i - 1}) OVER w AS u{i}"));
        var chain = new StringBuilder();
        for (var i = 2; i <= n; i++)
        {
            var prefix = string.Join(" AND ", Enumerable.Range(2, i - 1).Select(j => $"coalesce(n{j}, false)"));
            chain.Append(CultureInfo.InvariantCulture, $", CASE WHEN {prefix} THEN u{i} END AS t{i}");
        }

        return $"""
            ev AS (
              SELECT ev.person_id, {AnalyticsSql.Order} AS o, epoch_us(ev.timestamp) AS t, {sql.Day(range)} AS d, {sql.Key(query.Breakdown)} AS k, {matches}
              FROM events ev{AnalyticsSql.Joins(query.Breakdown)}
              WHERE {sql.Scan(range, query.Window)} AND ev.type = 'track'{sql.SegmentFilter()}),
            w AS (SELECT person_id, o, t, d, k, m1, {leads} FROM ev WINDOW w AS (PARTITION BY person_id ORDER BY o)),
            chain AS (SELECT person_id, o AS o1, k, t AS t1{chain} FROM w WHERE m1 AND {sql.InRange(range, "d")})
            """;
    }

    /// <summary>Per kept group (NULL: other): persons per step, and the median microseconds from each step to the next.</summary>
    public static string Summary(AnalyticsSql sql, FunnelQuery query, string best)
    {
        var n = query.Steps.Count;
        var counts = string.Join(", ", Enumerable.Range(1, n).Select(i => $"count(*) FILTER (WHERE reached >= {i})"));
        var medians = string.Join(", ", Enumerable.Range(2, n - 1).Select(i => $"median(CAST(t{i} - t{i - 1} AS DOUBLE)) FILTER (WHERE reached >= {i})"));
        return $"""
            {best},
            top AS ({sql.Top("best", "count(*)", query.Breakdown?.Limit ?? 1)})
            SELECT g, {counts}, {medians}
            FROM (SELECT *, CASE WHEN k IN (SELECT k FROM top) THEN k END AS g FROM best)
            GROUP BY g
            """;
    }

    /// <summary>The persons who reached step <c>$step</c> but not the next, after a person id, sorted by id.</summary>
    public static string DropOff(AnalyticsSql sql, FunnelDropOff dropOff, string best) =>
        $"""
        {best}
        SELECT person_id FROM best WHERE reached = {sql.Add(dropOff.Step)}{(dropOff.After is { } after ? $" AND person_id > {sql.Add(after)}" : "")}
        ORDER BY person_id LIMIT {sql.Add(dropOff.Limit)}
        """;

    /// <summary>One row of <see cref="Summary"/>: the group, persons per step, medians (microseconds) per step after the first.</summary>
    public sealed record Row(string? Group, long[] Persons, double?[] Medians);

    public static FunnelResult Result(FunnelQuery query, IReadOnlyList<Row> rows)
    {
        var groups = rows.OrderBy(r => r.Group is null).ThenByDescending(r => r.Persons[0]).ThenBy(r => r.Group, Utf8Order.Instance)
            .Select(r => new FunnelGroup(
                query.Breakdown is null ? null : r.Group is null ? BreakdownValue.Other : new BreakdownValue(r.Group), Steps(r)))
            .ToList();
        if (groups.Count == 0)
        {
            var empty = new Row("", new long[query.Steps.Count], new double?[query.Steps.Count - 1]);
            groups.Add(new FunnelGroup(query.Breakdown is null ? null : BreakdownValue.None, Steps(empty)));
        }

        return new FunnelResult(groups);
    }

    private static List<FunnelStep> Steps(Row row) =>
        [.. row.Persons.Select((persons, i) => new FunnelStep(
            i + 1,
            persons,
            Share(persons, row.Persons[0]),
            i == 0 ? Share(persons, persons) : Share(persons, row.Persons[i - 1]),
            i == 0 || row.Medians[i - 1] is not { } median ? null : median / 1_000_000))];

    private static double Share(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}

using Helix.Core.Analytics;
using Helix.Core.Profiles.Facts;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// Paths as one query: each person's first anchor event whose day is in the range (its order, time and name), the
/// person's track events on the anchor's side within steps × maxGap of it, numbered outwards from the anchor; a path
/// is cut at the first pause longer than maxGap and after the query's steps. Rows: the anchor's name, the path's
/// events as a JSON list, and how many persons took exactly that path. <see cref="PathsSankey"/> draws the diagram.
/// </summary>
internal static class PathsSql
{
    private const long MicrosPerTick = TimeSpan.TicksPerMicrosecond;

    public static (string Sql, AnalyticsSql Parameters) Compile(PathsQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var sql = AnalyticsSql.Create(query.Segment, definitions, now);
        var range = query.Range;
        var reach = TimeSpan.FromTicks(query.MaxGap.Ticks * query.Steps);
        var (scanStart, scanEnd) = range.ScanBounds();
        var next = query.Direction == PathDirection.Next;
        var side = next ? $"{AnalyticsSql.Order} > a.o AND ev.timestamp <= a.t + to_microseconds({sql.Add(reach.Ticks / MicrosPerTick)})"
            : $"{AnalyticsSql.Order} < a.o AND ev.timestamp >= a.t - to_microseconds({sql.Add(reach.Ticks / MicrosPerTick)})";
        var text = $"""
            WITH a AS (
              SELECT person_id, min(o) AS o, arg_min(t, o) AS t, arg_min(name, o) AS name FROM (
                SELECT ev.person_id, {AnalyticsSql.Order} AS o, ev.timestamp AS t, ev.event AS name, {sql.Day(range)} AS d
                FROM events ev
                WHERE {sql.Scan(range)} AND {sql.Matches(query.Anchor)}{sql.SegmentFilter()}) ev
              WHERE {sql.InRange(range, "d")}
              GROUP BY person_id),
            s AS (
              SELECT ev.person_id, ev.event AS name, {AnalyticsSql.Order} AS o, ev.timestamp AS t, a.t AS anchor_t
              FROM a JOIN events ev ON ev.workspace_id = $ws AND ev.person_id = a.person_id
              WHERE ev.type = 'track' AND ev.event IS NOT NULL
                AND ev.timestamp >= {sql.Add((scanStart - reach).UtcDateTime)} AND ev.timestamp < {sql.Add((scanEnd + reach).UtcDateTime)}
                AND {side}),
            r AS (
              SELECT person_id, name, row_number() OVER w AS k,
                CASE WHEN abs(epoch_us(t) - epoch_us(coalesce(lag(t) OVER w, anchor_t))) > {sql.Add(query.MaxGap.Ticks / MicrosPerTick)} THEN 1 ELSE 0 END AS pause
              FROM s WINDOW w AS (PARTITION BY person_id ORDER BY o {(next ? "ASC" : "DESC")})),
            kept AS (
              SELECT person_id, name, k FROM (
                SELECT person_id, name, k, sum(pause) OVER (PARTITION BY person_id ORDER BY k ROWS UNBOUNDED PRECEDING) AS pauses FROM r)
              WHERE pauses = 0 AND k <= {sql.Add(query.Steps)}),
            paths AS (
              SELECT a.person_id, a.name AS anchor, coalesce(to_json(list(kept.name ORDER BY kept.k) FILTER (WHERE kept.name IS NOT NULL)), '[]') AS seq
              FROM a LEFT JOIN kept ON kept.person_id = a.person_id
              GROUP BY a.person_id, a.name)
            SELECT anchor, CAST(seq AS VARCHAR), count(*) FROM paths GROUP BY ALL
            """;
        return (text, sql);
    }
}

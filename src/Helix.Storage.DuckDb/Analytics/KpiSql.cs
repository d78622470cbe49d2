using Helix.Core.Analytics.Kpis;
using Helix.Core.Collect;
using Helix.Core.ComputedTraits;
using Helix.Core.Profiles.Facts;
using Helix.Storage.DuckDb.Audiences;

namespace Helix.Storage.DuckDb.Analytics;

/// <summary>
/// The KPI set as one query. <c>pd</c> lists every day of the range twice, under its bucket (t = 0) and under the
/// whole range (t = 1), so each metric is one join to it and one GROUP BY (t, b). <c>base</c> is the single scan of
/// events (segment applied) from 30 days before the range to the longest window after it; <c>fs</c> reads each
/// person's first active event ever. Rows: one per period, its counts and per retention day the eligible and
/// retained new users.
/// </summary>
internal static class KpiSql
{
    public static (string Sql, AnalyticsSql Parameters) Compile(KpiQuery query, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var sql = AnalyticsSql.Create(query.Segment, definitions, now);
        var range = query.Range;
        // Days are computed over the widest span read, so a zone's offset change anywhere in it is honoured.
        var wide = range with { From = range.From.AddDays(-KpiQuery.MonthDays), To = range.To.AddDays(query.DaysAfter) };
        var day = sql.Day(wide);
        var (from, to, today) = (sql.Date(range.From), sql.Date(range.To), sql.Date(range.Day(now)));
        var active = $"ev.type IN ({string.Join(", ", KpiQuery.ActiveTypes.Select(t => sql.Add(t.ToWire())))})";
        var days = query.RetentionDays.Select(d => $"CAST({sql.Add(d)} AS INTEGER)").ToList();
        var returned = string.Join(", ", days.Select((d, i) => $"coalesce(bool_or(act.d = fs.f + {d}), false) AS r{i}"));
        var retention = string.Join(", ", days.Select((d, i) => $"count(*) FILTER (WHERE f + {d} <= {today}) AS e{i}, count(*) FILTER (WHERE f + {d} <= {today} AND r{i}) AS k{i}"));
        var columns = string.Join(", ", days.Select((_, i) => $"coalesce(n.e{i}, 0), coalesce(n.k{i}, 0)"));
        var text = $"""
            WITH pd AS (
              SELECT t, CASE WHEN t = 0 THEN {sql.Bucket(range, "d")} ELSE {from} END AS b, d
              FROM (SELECT {from} + CAST(i AS INTEGER) AS d FROM range({sql.Add(range.To.DayNumber - range.From.DayNumber + 1)}) r(i)), (VALUES (0), (1)) v(t)),
            per AS (SELECT t, b, min(d) AS s, max(d) AS e, count(*) FILTER (WHERE d <= {today}) AS elapsed, least(max(d), {today}) AS last FROM pd GROUP BY t, b),
            base AS (SELECT ev.person_id, ev.type, ev.event, ev.properties, ev.timestamp, ev.position, {day} AS d FROM events ev
              WHERE {sql.Scan(wide)}{sql.SegmentFilter()}),
            act AS (SELECT DISTINCT ev.person_id, ev.d FROM base ev WHERE {active}),
            fs AS (SELECT ev.person_id, {day} AS f FROM (
              SELECT ev.person_id, min(ev.timestamp) AS timestamp FROM events ev
              WHERE ev.workspace_id = $ws AND ev.timestamp < {sql.Add(range.ScanBounds().End.UtcDateTime)} AND {active}{sql.SegmentFilter()} GROUP BY ev.person_id) ev),
            nu AS (SELECT fs.person_id, fs.f, {returned} FROM fs LEFT JOIN act ON act.person_id = fs.person_id AND act.d > fs.f
              WHERE fs.f BETWEEN {from} AND {to} GROUP BY fs.person_id, fs.f),
            n AS (SELECT t, b, count(*) AS users, {retention} FROM nu JOIN pd ON pd.d = nu.f GROUP BY t, b),
            a AS (SELECT t, b, count(DISTINCT person_id) AS persons, count(*) FILTER (WHERE act.d <= {today}) AS days FROM act JOIN pd ON pd.d = act.d GROUP BY t, b),
            w AS (SELECT per.t, per.b, count(DISTINCT act.person_id) FILTER (WHERE act.d > per.last - {KpiQuery.WeekDays}) AS wau, count(DISTINCT act.person_id) AS mau
              FROM per JOIN act ON act.d BETWEEN per.last - {KpiQuery.MonthDays - 1} AND per.last WHERE per.s <= {today} GROUP BY per.t, per.b),
            ob AS (SELECT t, b, ev.person_id, count(*) AS c, sum({EventSql.Number(sql.Property(query.Revenue))}) AS v
              FROM base ev JOIN pd ON pd.d = ev.d WHERE {sql.Matches(query.Order)} GROUP BY t, b, ev.person_id),
            o AS (SELECT t, b, CAST(sum(c) AS BIGINT) AS orders, count(*) AS buyers, count(*) FILTER (WHERE c >= 2) AS repeaters, sum(v) AS gmv FROM ob GROUP BY t, b),
            {Cohort(sql, "fan", query.Follow, query.Order, query.ConversionDays)},
            {Cohort(sql, "coupon", query.CouponReceived, query.CouponApplied, query.RedemptionDays)}
            SELECT per.t, {AnalyticsSql.DayNumber("per.s")}, {AnalyticsSql.DayNumber("per.e")}, per.elapsed, per.s <= {today},
              coalesce(n.users, 0), coalesce(a.persons, 0), coalesce(a.days, 0), coalesce(w.wau, 0), coalesce(w.mau, 0),
              coalesce(fan.persons, 0), coalesce(fan.converted, 0), coalesce(o.orders, 0), coalesce(o.buyers, 0), coalesce(o.repeaters, 0), coalesce(o.gmv, 0),
              coalesce(coupon.persons, 0), coalesce(coupon.converted, 0), {columns}
            FROM per LEFT JOIN n USING (t, b) LEFT JOIN a USING (t, b) LEFT JOIN w USING (t, b) LEFT JOIN o USING (t, b)
              LEFT JOIN fan USING (t, b) LEFT JOIN coupon USING (t, b)
            ORDER BY per.t, per.s
            """;
        return (text, sql);
    }

    /// <summary>
    /// Per period, the persons with an <paramref name="anchor"/> event on one of its days, and those whose first such
    /// event (in event order) is followed by a <paramref name="target"/> event no more than <paramref name="days"/> × 24
    /// hours later: the earliest later target, found by an ASOF join.
    /// </summary>
    private static string Cohort(AnalyticsSql sql, string name, EventFilter anchor, EventFilter target, int days)
    {
        var window = sql.Add(days * 86_400_000_000L);
        return $"""
            {name}_a AS (SELECT t, b, ev.person_id, min({AnalyticsSql.Order}) AS o, arg_min(epoch_us(ev.timestamp), {AnalyticsSql.Order}) AS at
              FROM base ev JOIN pd ON pd.d = ev.d WHERE {sql.Matches(anchor)} GROUP BY t, b, ev.person_id),
            {name}_t AS (SELECT ev.person_id, {AnalyticsSql.Order} AS o, epoch_us(ev.timestamp) AS at FROM base ev
              WHERE {sql.Matches(target)} AND ev.person_id IN (SELECT person_id FROM {name}_a)),
            {name} AS (SELECT a.t, a.b, count(*) AS persons, count(*) FILTER (WHERE x.at <= a.at + {window}) AS converted
              FROM {name}_a a ASOF LEFT JOIN {name}_t x ON x.person_id = a.person_id AND x.o > a.o GROUP BY a.t, a.b)
            """;
    }

    /// <summary>One period's row.</summary>
    public sealed record Row(
        int Total, long Start, long End, int Elapsed, bool Started, long NewUsers, long Active, long ActiveDays, long Wau, long Mau,
        long Fans, long Converted, long Orders, long Buyers, long Repeaters, decimal Gmv, long Receivers, long Redeemers, long[] Retention);

    public static KpiResult Result(KpiQuery query, IReadOnlyList<Row> rows) =>
        new([.. rows.Where(r => r.Total == 0).Select(r => Set(query, r))], Set(query, rows.Single(r => r.Total == 1)));

    /// <summary>WAU and MAU are null for a period that has not begun; GMV without DuckDB's 18 trailing places.</summary>
    private static KpiSet Set(KpiQuery query, Row r) => new(
        AnalyticsSql.FromDayNumber(r.Start), AnalyticsSql.FromDayNumber(r.End), r.NewUsers, r.Active, r.ActiveDays, r.Elapsed,
        r.Started ? r.Wau : null, r.Started ? r.Mau : null, r.Fans, r.Converted, r.Orders, r.Buyers, r.Repeaters,
        r.Gmv / 1.000000000000000000000000000000000m,
        [.. query.RetentionDays.Select((d, i) => new KpiRetention(d, r.Retention[2 * i], r.Retention[(2 * i) + 1]))],
        r.Receivers, r.Redeemers);
}

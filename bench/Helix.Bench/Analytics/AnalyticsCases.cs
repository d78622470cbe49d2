using Helix.Core.Analytics;
using Helix.Core.Analytics.Attribution;
using Helix.Core.Analytics.CustomerValue;
using Helix.Core.Analytics.Experiments;
using Helix.Core.Analytics.Kpis;
using Helix.Core.Audiences;
using Helix.Core.ComputedTraits;
using Helix.Core.Models;
using Helix.Core.Profiles.Facts;
using Helix.Bench.Audiences;
using Helix.Storage.DuckDb;

namespace Helix.Bench.Analytics;

/// <summary>One benchmarked question: the Helix call and the hand-written DuckDB SQL of the same question.</summary>
internal sealed record AnalyticsCase(string Name, Func<Task<object>> Helix, string Hand);

/// <summary>
/// The questions of the analytics benchmark over the <c>tags</c> workload: October 2026 (2 to 31), days in Asia/Shanghai,
/// each with its hand-written baseline (docs in bench/README.md say where the two differ).
/// </summary>
internal static class AnalyticsCases
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static string Instant(DateTimeOffset at) => $"TIMESTAMPTZ '{at.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'";

    private static ExperimentArm Arm(string name, string city) => new(name, AudienceText.Parse($"trait(\"city\") = \"{city}\"").Condition, 1);

    public static IReadOnlyList<AnalyticsCase> Create(DuckDbStore store, DateTimeOffset now)
    {
        var (from, to) = (new DateOnly(2026, 10, 2), new DateOnly(2026, 10, 31));
        var range = new AnalyticsRange(from, to, AnalyticsInterval.Day, Shanghai);
        var ws = AudienceWorkspace.Workspace;
        var definitions = ProfileDefinitions.Empty;
        var start = "TIMESTAMPTZ '2026-10-01 16:00:00+00'";
        var end = "TIMESTAMPTZ '2026-10-31 16:00:00+00'";
        const string Day = "CAST(make_timestamp(epoch_us(timestamp) + 28800000000) AS DATE)";
        return
        [
            new("trends: unique buyers per day, 30 days",
                async () => await store.TrendsAsync(ws, new TrendsQuery(range, EventFilter.Track("Order Completed"), TrendMetric.Unique, null, null, null), definitions, now),
                $"SELECT {Day} AS d, count(DISTINCT person_id) FROM events WHERE workspace_id = 'bench' AND event = 'Order Completed' AND timestamp >= {start} AND timestamp < {end} GROUP BY d"),
            new("funnel: viewed, added, ordered in 7 d (loose)",
                async () => await store.FunnelAsync(ws, new FunnelQuery(range, [EventFilter.Track("Product Viewed"), EventFilter.Track("Product Added"), EventFilter.Track("Order Completed")],
                    TimeSpan.FromDays(7), FunnelOrder.Loose, null, null), definitions, now),
                $"""
                WITH v AS (SELECT person_id, min(timestamp) AS t1 FROM events WHERE workspace_id = 'bench' AND event = 'Product Viewed' AND timestamp >= {start} AND timestamp < {end} GROUP BY person_id),
                a AS (SELECT v.person_id, v.t1, min(e.timestamp) AS t2 FROM v JOIN events e ON e.workspace_id = 'bench' AND e.person_id = v.person_id AND e.event = 'Product Added'
                  AND e.timestamp > v.t1 AND e.timestamp <= v.t1 + INTERVAL 7 DAY GROUP BY ALL),
                o AS (SELECT a.person_id FROM a JOIN events e ON e.workspace_id = 'bench' AND e.person_id = a.person_id AND e.event = 'Order Completed'
                  AND e.timestamp > a.t2 AND e.timestamp <= a.t1 + INTERVAL 7 DAY GROUP BY ALL)
                SELECT (SELECT count(*) FROM v), (SELECT count(*) FROM a), (SELECT count(*) FROM o)
                """),
            new("retention: first order, reorder on day 1-7 (unbounded)",
                async () => await store.RetentionAsync(ws, new RetentionQuery(range, EventFilter.Track("Order Completed"), EventFilter.Track("Order Completed"), 7, false, null, null), definitions, now),
                $"""
                WITH f AS (SELECT person_id, min({Day}) AS d FROM events WHERE workspace_id = 'bench' AND event = 'Order Completed' GROUP BY person_id HAVING d BETWEEN DATE '2026-10-02' AND DATE '2026-10-31'),
                r AS (SELECT f.person_id, f.d, max(date_diff('day', f.d, CAST(make_timestamp(epoch_us(e.timestamp) + 28800000000) AS DATE))) AS n FROM f JOIN events e
                  ON e.workspace_id = 'bench' AND e.person_id = f.person_id AND e.event = 'Order Completed' AND e.timestamp >= {start}
                  WHERE date_diff('day', f.d, CAST(make_timestamp(epoch_us(e.timestamp) + 28800000000) AS DATE)) BETWEEN 1 AND 7 GROUP BY ALL)
                SELECT f.d, count(*), count(r.n) FROM f LEFT JOIN r USING (person_id) GROUP BY f.d
                """),
            new("paths: 3 events after the first view, 30 min pauses",
                async () => await store.PathsAsync(ws, new PathsQuery(range, EventFilter.Track("Product Viewed"), PathDirection.Next, 3, TimeSpan.FromMinutes(30), 8, null), definitions, now),
                $"""
                WITH a AS (SELECT person_id, min(timestamp) AS t FROM events WHERE workspace_id = 'bench' AND event = 'Product Viewed' AND timestamp >= {start} AND timestamp < {end} GROUP BY person_id),
                s AS (SELECT e.person_id, e.event, row_number() OVER (PARTITION BY e.person_id ORDER BY e.timestamp) AS k FROM a JOIN events e
                  ON e.workspace_id = 'bench' AND e.person_id = a.person_id AND e.type = 'track' AND e.timestamp > a.t AND e.timestamp <= a.t + INTERVAL 90 MINUTE)
                SELECT p1, p2, p3, count(*) FROM (SELECT a.person_id, max(CASE WHEN k = 1 THEN event END) AS p1, max(CASE WHEN k = 2 THEN event END) AS p2,
                  max(CASE WHEN k = 3 THEN event END) AS p3 FROM a LEFT JOIN s USING (person_id) GROUP BY a.person_id) GROUP BY ALL
                """),
            new("attribution: orders to viewed categories, 30 d, all models",
                async () => await store.AttributionAsync(ws, new AttributionQuery(range, EventFilter.Track("Order Completed"), EventFilter.Track("Product Viewed"),
                    "category", 30, Enum.GetValues<AttributionModel>(), 7, "total", null), definitions, now),
                $"""
                WITH o AS (SELECT person_id, timestamp AS t FROM events WHERE workspace_id = 'bench' AND event = 'Order Completed' AND timestamp >= {start} AND timestamp < {end}),
                v AS (SELECT person_id, timestamp AS t, json_extract_string(properties, '$.category') AS k FROM events
                  WHERE workspace_id = 'bench' AND event = 'Product Viewed' AND timestamp >= {start} - INTERVAL 30 DAY AND timestamp < {end})
                SELECT v.k, count(*) FROM o ASOF LEFT JOIN v ON v.person_id = o.person_id AND v.t < o.t WHERE v.t >= o.t - INTERVAL 30 DAY GROUP BY v.k
                """),
            new("distribution: order totals, quantiles and 20 bins",
                async () => await store.DistributionAsync(ws, new DistributionQuery(range, EventFilter.Track("Order Completed"), "total", 20, null), definitions, now),
                $"""
                WITH x AS (SELECT TRY_CAST(json_extract(properties, '$.total') AS DOUBLE) AS v FROM events
                  WHERE workspace_id = 'bench' AND event = 'Order Completed' AND timestamp >= {start} AND timestamp < {end}),
                s AS (SELECT min(v) AS lo, max(v) AS hi, quantile_cont(v, [0.25, 0.5, 0.75, 0.9, 0.95, 0.99]) AS q FROM x)
                SELECT least(floor((v - lo) / nullif(hi - lo, 0) * 20), 19) AS b, count(*), any_value(q) FROM x, s WHERE v IS NOT NULL GROUP BY b
                """),
            new("experiment: Shanghai vs Beijing members, order total, CUPED 30 d",
                async () => await store.ExperimentAsync(ws, new ExperimentQuery(range, [Arm("sh", "上海"), Arm("bj", "北京")], null, "sh",
                    EventFilter.Track("Order Completed"), 7, "total", 30, 0.05, 0.8, null), definitions, now),
                $"""
                WITH a AS (SELECT person_id, json_extract_string(traits, '$.city') AS arm FROM persons WHERE workspace_id = 'bench' AND arm IN ('上海', '北京')),
                o AS (SELECT person_id, sum(TRY_CAST(json_extract(properties, '$.total') AS DOUBLE)) AS y FROM events
                  WHERE workspace_id = 'bench' AND event = 'Order Completed' AND timestamp >= {start} AND timestamp < {end} GROUP BY person_id)
                SELECT arm, count(*), count(o.y), sum(coalesce(y, 0)), sum(coalesce(y, 0) * coalesce(y, 0)) FROM a LEFT JOIN o USING (person_id) GROUP BY arm
                """),
            new("kpis: the KPI set per week and in total",
                async () => await store.KpisAsync(ws, new KpiQuery(range with { Interval = AnalyticsInterval.Week }, EventFilter.Track("Followed"),
                    EventFilter.Track("Order Completed"), "total", EventFilter.Track("Coupon Received"), EventFilter.Track("Coupon Applied"), 30, 30, [1, 7, 14, 30], null),
                    definitions, now),
                $"""
                WITH f AS (SELECT person_id, min(timestamp) AS t FROM events WHERE workspace_id = 'bench' AND type IN ('track', 'page', 'screen') GROUP BY person_id),
                r AS (SELECT person_id, event, {Day} AS d, TRY_CAST(json_extract(properties, '$.total') AS DOUBLE) AS v FROM events
                  WHERE workspace_id = 'bench' AND type IN ('track', 'page', 'screen') AND timestamp >= {start} AND timestamp < {end}),
                o AS (SELECT person_id, count(*) AS n FROM r WHERE event = 'Order Completed' GROUP BY person_id)
                SELECT (SELECT count(*) FROM f WHERE t >= {start} AND t < {end}), count(DISTINCT person_id), count(DISTINCT (person_id, d)) / 30.0,
                  count(*) FILTER (WHERE event = 'Order Completed'), (SELECT count(*) FROM o), (SELECT count(*) FROM o WHERE n >= 2),
                  sum(v) FILTER (WHERE event = 'Order Completed')
                FROM r
                """),
            new("rfm: scores, R×F matrix and groups of every buyer",
                async () => RfmMatrix.Build(await store.OrderSummariesAsync(ws, "Order Completed", "Order Refunded", "total", now), now, 5),
                $"""
                WITH b AS (SELECT person_id, max(timestamp) AS last, count(*) AS f, sum(TRY_CAST(json_extract(properties, '$.total') AS DOUBLE)) AS m FROM events
                  WHERE workspace_id = 'bench' AND event = 'Order Completed' AND timestamp <= {Instant(now)} GROUP BY person_id),
                s AS (SELECT ntile(5) OVER (ORDER BY last) AS r, ntile(5) OVER (ORDER BY f) AS fs, ntile(5) OVER (ORDER BY m) AS ms FROM b)
                SELECT r, fs, count(*), avg(ms) FROM s GROUP BY ALL
                """),
            new("lifecycle: stages at 6 weekly boundaries and the flows",
                async () =>
                {
                    var boundaries = LifecycleFlow.Boundaries(range with { Interval = AnalyticsInterval.Week });
                    var persons = await store.ActivityAsync(ws, "Order Completed", boundaries[^1]);
                    return LifecycleFlow.Build(persons, await store.OrdersAsync(ws, "Order Completed", "total", boundaries[^1]), boundaries, new LifecycleThresholds());
                },
                $"""
                WITH b AS (SELECT unnest([{string.Join(", ", LifecycleFlow.Boundaries(range with { Interval = AnalyticsInterval.Week }).Select(Instant))}]) AS b),
                o AS (SELECT person_id, timestamp AS t FROM events WHERE workspace_id = 'bench' AND event = 'Order Completed'),
                s AS (SELECT b.b, p.person_id, any_value(p.first_seen) AS first, max(o.t) AS last FROM b JOIN persons p ON p.workspace_id = 'bench' AND p.first_seen < b.b
                  LEFT JOIN o ON o.person_id = p.person_id AND o.t < b.b GROUP BY ALL)
                SELECT b, CASE WHEN (epoch(b) - epoch(first)) < 30 * 86400 THEN 'new' WHEN (epoch(b) - epoch(coalesce(last, first))) >= 180 * 86400 THEN 'churned'
                  WHEN (epoch(b) - epoch(coalesce(last, first))) >= 90 * 86400 THEN 'at_risk' ELSE 'active' END AS stage, count(*)
                FROM s GROUP BY ALL
                """),
        ];
    }
}

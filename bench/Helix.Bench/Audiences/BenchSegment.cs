using System.Globalization;
using Helix.Core.Workspaces;

namespace Helix.Bench.Audiences;

/// <summary>A typical segment in the audience language, and the plain SQL a data engineer would write for it over the store's tables.</summary>
/// <param name="HandSql">A query returning the members' <c>person_id</c>s, once each.</param>
internal sealed record BenchSegment(string Name, string Text, string HandSql)
{
    /// <summary>
    /// The five segments of the benchmark, at <paramref name="now"/>: a tag test, a windowed count, a filtered sum with an
    /// absence, a trait with a computed trait, and a sequence. Windows of N days start at midnight UTC+8 N − 1 days before
    /// today, as Helix counts them; the hand SQL writes those instants as literals.
    /// </summary>
    public static IReadOnlyList<BenchSegment> All(DateTimeOffset now)
    {
        var ws = $"'{AudienceWorkspace.Workspace.Value}'";
        string Since(int days) => string.Create(CultureInfo.InvariantCulture,
            $"TIMESTAMPTZ '{WorkspaceTime.StartOf(WorkspaceTime.Day(now).AddDays(1 - days)).UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'");
        return
        [
            new("a tag", """tag("spend_level") in ["high", "top"] and has tag("tier1_city")""", $"""
                SELECT person_id FROM person_facts
                WHERE workspace_id = {ws} AND json_extract_string(tags, '$.spend_level.value') IN ('high', 'top') AND json_exists(tags, '$.tier1_city')
                """),
            new("b count", """did("Order Completed", count >= 2, within 30d)""", $"""
                SELECT person_id FROM events
                WHERE workspace_id = {ws} AND type = 'track' AND event = 'Order Completed' AND timestamp >= {Since(30)}
                GROUP BY person_id HAVING count(*) >= 2
                """),
            new("c sum, not", """did("Order Completed" where affiliation = "Tmall flagship store", sum(total) >= 500, within 90d) and not did("Product Viewed", within 3d)""", $"""
                SELECT person_id FROM events
                WHERE workspace_id = {ws} AND type = 'track' AND event = 'Order Completed' AND timestamp >= {Since(90)}
                  AND json_extract_string(properties, '$.affiliation') = 'Tmall flagship store'
                GROUP BY person_id HAVING sum(CAST(json_extract(properties, '$.total') AS DECIMAL(18, 2))) >= 500
                EXCEPT
                SELECT person_id FROM events
                WHERE workspace_id = {ws} AND type = 'track' AND event = 'Product Viewed' AND timestamp >= {Since(3)}
                """),
            new("d trait, computed", """trait("city") = "上海" and computed("spend_365d") > 1000""", $"""
                SELECT e.person_id FROM events e JOIN persons p ON p.workspace_id = e.workspace_id AND p.person_id = e.person_id
                WHERE e.workspace_id = {ws} AND e.type = 'track' AND e.event IN ('Order Completed', 'Order Refunded') AND e.timestamp >= {Since(365)}
                  AND json_extract_string(p.traits, '$.city') = '上海'
                GROUP BY e.person_id
                HAVING sum(CASE WHEN e.event = 'Order Completed' THEN 1 ELSE -1 END * CAST(json_extract(e.properties, '$.total') AS DECIMAL(18, 2))) > 1000
                """),
            new("e sequence", """did("Product Added") then did("Order Completed") within 7d""", $"""
                WITH added AS (SELECT person_id, timestamp FROM events WHERE workspace_id = {ws} AND type = 'track' AND event = 'Product Added'),
                orders AS (SELECT person_id, timestamp FROM events WHERE workspace_id = {ws} AND type = 'track' AND event = 'Order Completed')
                -- For each order, the last product added strictly before it: the pair closest in time.
                SELECT DISTINCT o.person_id FROM orders o ASOF JOIN added a ON o.person_id = a.person_id AND o.timestamp > a.timestamp
                WHERE o.timestamp - a.timestamp <= INTERVAL 7 DAY
                """),
        ];
    }
}

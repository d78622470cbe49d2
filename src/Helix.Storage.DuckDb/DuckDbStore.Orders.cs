using System.Text.Json;
using Helix.Core.Models;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Per-person order aggregates over the events table, for the customer-value models.</summary>
public sealed partial class DuckDbStore : IOrderSummaries
{
    public Task<IReadOnlyList<PersonOrder>> OrdersAsync(
        WorkspaceId workspace, string orderEvent, string revenueProperty, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<PersonOrder>>(connection =>
        {
            using var command = Command(connection, """
                SELECT person_id, timestamp, coalesce(TRY_CAST(json_extract_string(properties, $path) AS DOUBLE), 0)
                FROM events
                WHERE workspace_id = $ws AND type = 'track' AND event = $event AND timestamp <= $asOf
                ORDER BY person_id, timestamp, position
                """,
                ("ws", workspace.Value), ("event", orderEvent), ("asOf", ToDb(asOf)), ("path", RevenuePath(revenueProperty)));
            using var reader = command.ExecuteReader();
            var orders = new List<PersonOrder>();
            while (reader.Read())
            {
                orders.Add(new PersonOrder(new PersonId(reader.GetString(0)), Utc(reader.GetValue(1)), reader.GetDouble(2)));
            }

            return orders;
        }, cancellationToken);

    public Task<IReadOnlyList<PersonActivity>> ActivityAsync(WorkspaceId workspace, string orderEvent, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<PersonActivity>>(connection =>
        {
            using var command = Command(connection, """
                SELECT p.person_id, p.first_seen, o.last_order
                FROM persons p
                LEFT JOIN (SELECT person_id, max(timestamp) AS last_order FROM events
                           WHERE workspace_id = $ws AND type = 'track' AND event = $event AND timestamp <= $asOf GROUP BY person_id) o
                  ON o.person_id = p.person_id
                WHERE p.workspace_id = $ws AND p.first_seen <= $asOf
                ORDER BY p.person_id
                """,
                ("ws", workspace.Value), ("event", orderEvent), ("asOf", ToDb(asOf)));
            using var reader = command.ExecuteReader();
            var persons = new List<PersonActivity>();
            while (reader.Read())
            {
                persons.Add(new PersonActivity(new PersonId(reader.GetString(0)), Utc(reader.GetValue(1)), reader.IsDBNull(2) ? null : Utc(reader.GetValue(2))));
            }

            return persons;
        }, cancellationToken);

    public Task<IReadOnlyList<PersonEngagement>> EngagementAsync(
        WorkspaceId workspace, string orderEvent, IReadOnlyList<string> interestEvents, DateTimeOffset since, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<PersonEngagement>>(connection =>
        {
            // The interest events arrive as one JSON array parameter: no user text reaches the SQL.
            using var command = Command(connection, """
                SELECT person_id, count(*),
                       count(*) FILTER (WHERE type = 'track' AND list_contains(from_json($interest, '["VARCHAR"]'), event)),
                       count(*) FILTER (WHERE type = 'track' AND event = $event)
                FROM events
                WHERE workspace_id = $ws AND timestamp > $since AND timestamp <= $asOf
                GROUP BY person_id
                ORDER BY person_id
                """,
                ("ws", workspace.Value), ("event", orderEvent), ("interest", JsonSerializer.Serialize(interestEvents)), ("since", ToDb(since)), ("asOf", ToDb(asOf)));
            using var reader = command.ExecuteReader();
            var persons = new List<PersonEngagement>();
            while (reader.Read())
            {
                persons.Add(new PersonEngagement(new PersonId(reader.GetString(0)), new Engagement(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3))));
            }

            return persons;
        }, cancellationToken);

    /// <summary>The property name as a JSON path parameter: it never reaches the SQL text.</summary>
    private static string RevenuePath(string revenueProperty) => "$." + JsonSerializer.Serialize(revenueProperty);

    public Task<IReadOnlyList<OrderSummary>> OrderSummariesAsync(
        WorkspaceId workspace, string orderEvent, string refundEvent, string revenueProperty, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<OrderSummary>>(connection =>
        {
            using var command = Command(connection, """
                SELECT person_id,
                       max(timestamp) FILTER (WHERE event = $event),
                       count(*) FILTER (WHERE event = $event),
                       coalesce(sum(CASE WHEN event = $event THEN value ELSE -value END), 0)
                FROM (SELECT person_id, event, timestamp, coalesce(TRY_CAST(json_extract_string(properties, $path) AS DOUBLE), 0) AS value
                      FROM events
                      WHERE workspace_id = $ws AND type = 'track' AND (event = $event OR event = $refund) AND timestamp <= $asOf)
                GROUP BY person_id
                HAVING count(*) FILTER (WHERE event = $event) > 0
                ORDER BY person_id
                """,
                ("ws", workspace.Value), ("event", orderEvent), ("refund", refundEvent), ("asOf", ToDb(asOf)), ("path", RevenuePath(revenueProperty)));
            using var reader = command.ExecuteReader();
            var summaries = new List<OrderSummary>();
            while (reader.Read())
            {
                summaries.Add(new OrderSummary(new PersonId(reader.GetString(0)), Utc(reader.GetValue(1)), reader.GetInt64(2), reader.GetDouble(3)));
            }

            return summaries;
        }, cancellationToken);
}

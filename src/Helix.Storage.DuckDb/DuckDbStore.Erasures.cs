using System.Text.Json;
using DuckDB.NET.Data;
using Helix.Core.Privacy.Erasure;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore : IErasureStore
{
    /// <summary>
    /// The tables that hold rows of a person, each with the condition that finds them: an erasure deletes them and
    /// a subject access request reads them, so both reach the same stores; the receipt names them. A table added
    /// to the schema with a person's rows must be added here (PersonRowsTests checks every table with a person column is).
    /// </summary>
    internal static readonly (string Table, string Condition)[] PersonRows =
    [
        ("events", "workspace_id = $ws AND person_id = $person"),
        ("persons", "workspace_id = $ws AND person_id = $person"),
        ("identities", "workspace_id = $ws AND person_id = $person"),
        ("identity_links", "workspace_id = $ws AND person_id = $person"),
        ("identity_operations", "workspace_id = $ws AND person_id = $person AND kind <> 'erase'"),
        ("identity_match_reviews", "workspace_id = $ws AND (left_person = $person OR right_person = $person)"),
        ("person_facts", "workspace_id = $ws AND person_id = $person"),
        ("tag_history", "workspace_id = $ws AND person_id = $person"),
        ("segment_members", "workspace_id = $ws AND person_id = $person"),
        ("segment_history", "workspace_id = $ws AND person_id = $person"),
        // A journey keeps a merged person's rows under the id they entered with: those go with the survivor.
        ("journey_members", JourneyRowsOf),
        ("journey_entries", JourneyRowsOf),
        ("journey_steps", JourneyRowsOf),
        ("journey_outbox", JourneyRowsOf),
        ("journey_requests", JourneyRowsOf),
        ("guide_tasks", JourneyRowsOf),
        ("person_merges", "workspace_id = $ws AND (person_id = $person OR survivor = $person)"),
    ];

    private const string JourneyRowsOf =
        "workspace_id = $ws AND (person_id = $person OR person_id IN (SELECT person_id FROM person_merges WHERE workspace_id = $ws AND survivor = $person))";

    /// <summary>Part of the pipeline's commit: every row of the person goes, the digests are kept, the receipt is written.</summary>
    private static void WriteErasure(DuckDBConnection connection, PersonErasure? erasure, DateTimeOffset appliedAt)
    {
        if (erasure is null)
        {
            return;
        }

        var stores = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (table, condition) in PersonRows)
        {
            using var command = Command(connection, $"DELETE FROM {table} WHERE {condition}", ("ws", erasure.WorkspaceId.Value), ("person", erasure.PersonId.Value));
            stores[table] = command.ExecuteNonQuery();
        }

        long listed = 0;
        foreach (var identifier in erasure.Identifiers)
        {
            using var command = Command(connection, "DELETE FROM tag_list_members WHERE workspace_id = $ws AND type = $type AND value = $value",
                ("ws", erasure.WorkspaceId.Value), ("type", identifier.Type), ("value", identifier.Value));
            listed += command.ExecuteNonQuery();
        }

        stores["tag_list_members"] = listed;
        foreach (var digest in erasure.Digests)
        {
            Execute(connection, "INSERT INTO suppressed_identifiers VALUES ($ws, $digest, $id) ON CONFLICT DO NOTHING",
                ("ws", erasure.WorkspaceId.Value), ("digest", digest), ("id", erasure.ErasureId));
        }

        Execute(connection, """
            INSERT INTO erasures VALUES ($ws, $id, $person, $position, $requested, $by, $reason, $applied, $suppressed, $stores, $positions, NULL)
            ON CONFLICT DO NOTHING
            """,
            ("ws", erasure.WorkspaceId.Value), ("id", erasure.ErasureId), ("person", erasure.PersonId.Value), ("position", erasure.Position),
            ("requested", ToDb(erasure.RequestedAt)), ("by", erasure.RequestedBy), ("reason", erasure.Reason), ("applied", ToDb(appliedAt)),
            ("suppressed", erasure.Digests.Count), ("stores", JsonSerializer.Serialize(stores)), ("positions", erasure.Positions.ToList()));
    }

    private static void WriteSuppressedRecords(DuckDBConnection connection, IReadOnlyList<long> positions)
    {
        foreach (var position in positions)
        {
            Execute(connection, "INSERT INTO suppressed_records VALUES ($p) ON CONFLICT DO NOTHING", ("p", position));
        }
    }

    public Task<IReadOnlyList<long>> SuppressedRecordsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<long>>(connection =>
            ReadRows(connection, "SELECT position FROM suppressed_records ORDER BY position", reader => reader.GetInt64(0)), cancellationToken);

    public Task ForgetSuppressedRecordsAsync(IReadOnlyCollection<long> positions, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, "DELETE FROM suppressed_records WHERE list_contains($positions, position)", ("positions", positions.ToList()));
            return 0;
        }, cancellationToken);

    private static List<(WorkspaceId Workspace, string Digest)> LoadSuppressions(DuckDBConnection connection)
    {
        using var command = Command(connection, "SELECT workspace_id, digest FROM suppressed_identifiers");
        using var reader = command.ExecuteReader();
        var digests = new List<(WorkspaceId, string)>();
        while (reader.Read())
        {
            digests.Add((new WorkspaceId(reader.GetString(0)), reader.GetString(1)));
        }

        return digests;
    }

    public Task<ErasureReceipt?> FindErasureAsync(WorkspaceId workspace, string erasureId, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => ReadReceipts(connection, "WHERE workspace_id = $ws AND erasure_id = $id", 1, ("ws", workspace.Value), ("id", erasureId)).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<ErasureReceipt>> ListErasuresAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ErasureReceipt>>(connection => ReadReceipts(connection, "WHERE workspace_id = $ws", limit, ("ws", workspace.Value)), cancellationToken);

    public Task<IReadOnlyList<(WorkspaceId Workspace, string ErasureId, IReadOnlyList<long> Positions)>> PendingRedactionsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<(WorkspaceId, string, IReadOnlyList<long>)>>(connection =>
        {
            using var command = Command(connection, "SELECT workspace_id, erasure_id, pending_positions FROM erasures WHERE redacted_at IS NULL ORDER BY position");
            using var reader = command.ExecuteReader();
            var pending = new List<(WorkspaceId, string, IReadOnlyList<long>)>();
            while (reader.Read())
            {
                var positions = reader.IsDBNull(2) ? [] : reader.GetFieldValue<List<long>>(2);
                pending.Add((new WorkspaceId(reader.GetString(0)), reader.GetString(1), positions));
            }

            return pending;
        }, cancellationToken);

    public Task MarkRedactedAsync(WorkspaceId workspace, string erasureId, long records, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, """
                UPDATE erasures SET redacted_at = $at, pending_positions = NULL,
                    stores = json_merge_patch(stores, json_object('event log', $records))
                WHERE workspace_id = $ws AND erasure_id = $id AND redacted_at IS NULL
                """,
                ("at", ToDb(_time.GetUtcNow())), ("records", records), ("ws", workspace.Value), ("id", erasureId));
            return 0;
        }, cancellationToken);

    private static List<ErasureReceipt> ReadReceipts(DuckDBConnection connection, string where, int limit, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, $"""
            SELECT workspace_id, erasure_id, person_id, requested_at, requested_by, reason, applied_at, suppressed, stores::VARCHAR, redacted_at
            FROM erasures {where} ORDER BY applied_at DESC, erasure_id LIMIT {limit}
            """, parameters);
        using var reader = command.ExecuteReader();
        var receipts = new List<ErasureReceipt>();
        while (reader.Read())
        {
            receipts.Add(new ErasureReceipt(
                reader.GetString(1), new WorkspaceId(reader.GetString(0)), reader.GetString(2), Utc(reader.GetValue(3)), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), Utc(reader.GetValue(6)), reader.GetInt32(7),
                JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(8))!,
                reader.IsDBNull(9) ? null : Utc(reader.GetValue(9))));
        }

        return receipts;
    }
}

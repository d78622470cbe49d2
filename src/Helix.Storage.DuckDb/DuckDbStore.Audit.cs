using System.Text;
using DuckDB.NET.Data;
using Helix.Core.Audit;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>The audit log: appended in batches with each workspace's head, queried newest first, read back in chain order.</summary>
public sealed partial class DuckDbStore : IAuditStore
{
    private const string AuditColumns =
        "workspace_id, sequence, occurred_at, actor_key_id, actor_name, actor_role, action, target, outcome, client_address, user_agent, request_id, previous_hash, hash";

    public Task<AuditHead?> GetAuditHeadAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection, "SELECT sequence, hash FROM audit_heads WHERE workspace_id = $ws", ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            return reader.Read() ? new AuditHead(reader.GetInt64(0), reader.GetString(1)) : (AuditHead?)null;
        }, cancellationToken);

    public Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            foreach (var entry in entries)
            {
                var r = entry.Record;
                Execute(connection, $"INSERT INTO audit_log ({AuditColumns}) VALUES ($ws, $seq, $at, $key, $name, $role, $action, $target, $outcome, $client, $agent, $request, $previous, $hash)",
                    ("ws", r.Workspace.Value), ("seq", entry.Sequence), ("at", ToDb(r.At)), ("key", r.Actor.KeyId), ("name", r.Actor.Name),
                    ("role", r.Actor.Role), ("action", r.Action), ("target", r.Target), ("outcome", r.Outcome), ("client", r.ClientAddress),
                    ("agent", r.UserAgent), ("request", r.RequestId), ("previous", entry.PreviousHash), ("hash", entry.Hash));
            }

            foreach (var last in entries.GroupBy(e => e.Record.Workspace).Select(g => g.MaxBy(e => e.Sequence)!))
            {
                Execute(connection, """
                    INSERT INTO audit_heads VALUES ($ws, $seq, $hash)
                    ON CONFLICT (workspace_id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash
                    """,
                    ("ws", last.Record.Workspace.Value), ("seq", last.Sequence), ("hash", last.Hash));
            }

            transaction.Commit();
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<AuditEntry>>(connection =>
        {
            // Values only as parameters; the workspace condition is always there.
            var sql = new StringBuilder($"SELECT {AuditColumns} FROM audit_log WHERE workspace_id = $ws");
            var parameters = new List<(string, object?)> { ("ws", query.Workspace.Value) };
            void Where(string condition, string name, object? value)
            {
                if (value is not null)
                {
                    sql.Append(" AND ").Append(condition);
                    parameters.Add((name, value));
                }
            }

            Where("occurred_at >= $since", "since", query.From is { } from ? ToDb(from) : null);
            Where("occurred_at < $until", "until", query.To is { } to ? ToDb(to) : null);
            Where("(actor_key_id = $actor OR actor_name = $actor)", "actor", query.Actor);
            Where("starts_with(action, $action)", "action", query.Action);
            Where("target = $target", "target", query.Target);
            Where("sequence < $before", "before", query.Before);
            sql.Append(" ORDER BY sequence DESC LIMIT $limit");
            parameters.Add(("limit", limit));
            return ReadAuditEntries(connection, sql.ToString(), [.. parameters]);
        }, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ReadAuditChainAsync(WorkspaceId workspace, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<AuditEntry>>(connection => ReadAuditEntries(connection,
            $"SELECT {AuditColumns} FROM audit_log WHERE workspace_id = $ws AND sequence > $after ORDER BY sequence LIMIT $limit",
            ("ws", workspace.Value), ("after", afterSequence), ("limit", limit)), cancellationToken);

    private static List<AuditEntry> ReadAuditEntries(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
            var record = new AuditRecord(
                new WorkspaceId(reader.GetString(0)), Utc(reader.GetValue(2)), new AuditActor(reader.GetString(3), reader.GetString(4), reader.GetString(5)),
                reader.GetString(6), Text(7), reader.GetInt32(8), Text(9), Text(10), Text(11));
            entries.Add(new AuditEntry(reader.GetInt64(1), record, reader.GetString(12), reader.GetString(13)));
        }

        return entries;
    }
}

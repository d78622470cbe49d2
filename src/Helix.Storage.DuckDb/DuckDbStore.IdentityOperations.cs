using System.Data.Common;
using DuckDB.NET.Data;
using Helix.Core.Identity;
using Helix.Core.Identity.Operations;
using Helix.Core.Pipeline;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>The identity operations journal (unmerge and its reverts) and the refold of the persons they split.</summary>
public sealed partial class DuckDbStore : IIdentityJournal
{
    private const string OperationColumns =
        "operation_id, workspace_id, kind, position, person_id, from_type, from_value, to_type, to_value, reverts, requested_by, reason, requested_at, rejection, persons_before, persons_after, reverted_by, rules";

    public Task<IReadOnlyList<long>> EventPositionsAsync(WorkspaceId workspace, IReadOnlyCollection<PersonId> persons, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<long>>(connection =>
        {
            using var command = Command(connection,
                "SELECT position FROM events WHERE workspace_id = $ws AND list_contains($persons, person_id) ORDER BY position",
                ("ws", workspace.Value), ("persons", persons.Select(p => p.Value).ToList()));
            using var reader = command.ExecuteReader();
            var positions = new List<long>();
            while (reader.Read())
            {
                positions.Add(reader.GetInt64(0));
            }

            return positions;
        }, cancellationToken);

    public Task<IdentityOperationOutcome?> FindOperationAsync(WorkspaceId workspace, string operationId, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection, $"SELECT {OperationColumns} FROM identity_operations WHERE workspace_id = $ws AND operation_id = $id",
                ("ws", workspace.Value), ("id", operationId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadOperation(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<IdentityOperationOutcome>> FindOperationsAsync(
        WorkspaceId workspace, IReadOnlyCollection<string> operationIds, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<IdentityOperationOutcome>>(connection => ReadOperations(connection,
            $"SELECT {OperationColumns} FROM identity_operations WHERE workspace_id = $ws AND list_contains($ids, operation_id) ORDER BY position",
            ("ws", workspace.Value), ("ids", operationIds.ToList())), cancellationToken);

    public Task<IReadOnlyList<IdentityOperationOutcome>> ListOperationsAsync(WorkspaceId workspace, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<IdentityOperationOutcome>>(connection => ReadOperations(connection,
            $"SELECT {OperationColumns} FROM identity_operations WHERE workspace_id = $ws ORDER BY position DESC LIMIT $limit",
            ("ws", workspace.Value), ("limit", limit)), cancellationToken);

    private static List<IdentityOperationOutcome> ReadOperations(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var operations = new List<IdentityOperationOutcome>();
        while (reader.Read())
        {
            operations.Add(ReadOperation(reader));
        }

        return operations;
    }

    public Task<IdentityOperationOutcome?> CurrentRulesAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection,
                $"SELECT {OperationColumns} FROM identity_operations WHERE workspace_id = $ws AND kind = 'rules' AND rejection IS NULL ORDER BY position DESC LIMIT 1",
                ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadOperation(reader) : null;
        }, cancellationToken);

    public Task<(long Checkpoint, IReadOnlyDictionary<long, PersonId> Owners)> GetEventOwnersAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<(long, IReadOnlyDictionary<long, PersonId>)>(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var checkpoint = ReadCheckpoint(connection);
            using var command = Command(connection, "SELECT position, person_id FROM events WHERE workspace_id = $ws", ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            var owners = new Dictionary<long, PersonId>();
            while (reader.Read())
            {
                owners[reader.GetInt64(0)] = new PersonId(reader.GetString(1));
            }

            transaction.Commit();
            return (checkpoint, owners);
        }, cancellationToken);

    /// <summary>Every workspace's rules spec (JSON) in force, for those that set any.</summary>
    public Task<IReadOnlyDictionary<WorkspaceId, string>> RulesInForceAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<WorkspaceId, string>>(LoadCurrentRules, cancellationToken);

    /// <summary>The rules spec (JSON) each workspace set last.</summary>
    private static Dictionary<WorkspaceId, string> LoadCurrentRules(DuckDBConnection connection)
    {
        using var command = Command(connection, """
            SELECT workspace_id, arg_max(rules, position) FROM identity_operations
            WHERE kind = 'rules' AND rejection IS NULL GROUP BY workspace_id
            """);
        using var reader = command.ExecuteReader();
        var rules = new Dictionary<WorkspaceId, string>();
        while (reader.Read())
        {
            rules[new WorkspaceId(reader.GetString(0))] = reader.GetString(1);
        }

        return rules;
    }

    /// <summary>Separate, detach and merge operations applied and not reverted, oldest first.</summary>
    private static List<ActiveIdentityOperation> LoadActiveOperations(DuckDBConnection connection)
    {
        using var command = Command(connection,
            $"SELECT {OperationColumns} FROM identity_operations WHERE kind IN ('separate', 'detach', 'merge') AND rejection IS NULL AND reverted_by IS NULL ORDER BY position");
        using var reader = command.ExecuteReader();
        var active = new List<ActiveIdentityOperation>();
        while (reader.Read())
        {
            var outcome = ReadOperation(reader);
            // A split's scope is the person it split; a merge's, the person it formed.
            var scope = outcome.Operation.Kind == IdentityOperationKind.Merge ? outcome.After : outcome.Before;
            active.Add(new ActiveIdentityOperation(outcome.Operation, [.. scope.SelectMany(p => p.Identifiers)], outcome.Position));
        }

        return active;
    }

    /// <summary>Drops the refolded persons' rows; their successors are written by the person upsert that follows.</summary>
    private static void DropRefolded(DuckDBConnection connection, PersonRefold? refold)
    {
        if (refold is null || refold.Replaced.Count == 0)
        {
            return;
        }

        var parameters = new (string, object?)[] { ("ws", refold.WorkspaceId.Value), ("persons", refold.Replaced.Select(p => p.Value).ToList()) };
        Execute(connection, """
            DELETE FROM persons WHERE workspace_id = $ws AND list_contains($persons, person_id);
            DELETE FROM identities WHERE workspace_id = $ws AND list_contains($persons, person_id);
            DELETE FROM identity_links WHERE workspace_id = $ws AND list_contains($persons, person_id);
            DELETE FROM person_facts WHERE workspace_id = $ws AND list_contains($persons, person_id);
            """, parameters);
    }

    /// <summary>Points each refolded event at its owner, in one set-based update.</summary>
    private static void RepointRefolded(DuckDBConnection connection, PersonRefold? refold)
    {
        if (refold is null || refold.Events.Count == 0)
        {
            return;
        }

        Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS refold_map (position BIGINT, person_id VARCHAR); DELETE FROM refold_map");
        using (var appender = connection.CreateAppender("temp", "main", "refold_map"))
        {
            foreach (var (position, person) in refold.Events)
            {
                appender.CreateRow().AppendValue(position).AppendValue(person.Value).EndRow();
            }
        }

        Execute(connection, """
            UPDATE events SET person_id = m.person_id FROM refold_map m
              WHERE events.workspace_id = $ws AND events.position = m.position
            """, ("ws", refold.WorkspaceId.Value));
    }

    private static void RecordOperation(DuckDBConnection connection, IdentityOperationOutcome outcome)
    {
        var operation = outcome.Operation;
        Execute(connection, """
            INSERT INTO identity_operations VALUES ($id, $ws, $kind, $position, $person, $from_type, $from_value, $to_type, $to_value,
              $reverts, $by, $reason, $at, $rejection, $before, $after, NULL, $rules)
            """,
            ("id", operation.OperationId), ("ws", operation.WorkspaceId.Value), ("kind", IdentityOperationCodec.Wire(operation.Kind)),
            ("position", outcome.Position), ("person", operation.PersonId?.Value),
            ("from_type", operation.From?.Type), ("from_value", operation.From?.Value),
            ("to_type", operation.To?.Type), ("to_value", operation.To?.Value),
            ("reverts", operation.Reverts), ("by", operation.RequestedBy), ("reason", operation.Reason), ("at", ToDb(operation.RequestedAt)),
            ("rejection", outcome.Rejection), ("before", OutlineJson.Write(outcome.Before)), ("after", OutlineJson.Write(outcome.After)),
            ("rules", operation.Rules));
        if (operation.Kind == IdentityOperationKind.Revert && outcome.Applied)
        {
            Execute(connection, "UPDATE identity_operations SET reverted_by = $id WHERE workspace_id = $ws AND operation_id = $reverts",
                ("id", operation.OperationId), ("ws", operation.WorkspaceId.Value), ("reverts", operation.Reverts));
        }
    }

    private static IdentityOperationOutcome ReadOperation(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        Identifier? Id(int i) => reader.IsDBNull(i) ? null : new Identifier(reader.GetString(i), reader.GetString(i + 1));
        var operation = new IdentityOperation(
            reader.GetString(0), new WorkspaceId(reader.GetString(1)), IdentityOperationCodec.ParseKind(reader.GetString(2)),
            Text(4) is { } person ? new PersonId(person) : null, Id(5), Id(7), Text(9), reader.GetString(10), Text(11), Utc(reader.GetValue(12)))
            {
                Rules = Text(17),
            };
        return new IdentityOperationOutcome(operation, reader.GetInt64(3), Text(13), OutlineJson.Read(reader.GetString(14)), OutlineJson.Read(reader.GetString(15)))
        {
            RevertedBy = Text(16),
        };
    }
}

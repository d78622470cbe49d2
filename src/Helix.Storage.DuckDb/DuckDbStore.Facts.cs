using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DuckDB.NET.Data;
using Helix.Core;
using Helix.Core.Identity;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

/// <summary>Computed traits and tags: each person's facts row, the tag history, list members and definitions versions.</summary>
public sealed partial class DuckDbStore : IProfileFactsStore
{
    private static readonly JsonWriterOptions FactsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task<IReadOnlyList<(long Position, PersonId Person)>> WorkspaceEventsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<(long, PersonId)>>(connection =>
        {
            using var command = Command(connection, "SELECT position, person_id FROM events WHERE workspace_id = $ws ORDER BY position", ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            var events = new List<(long, PersonId)>();
            while (reader.Read())
            {
                events.Add((reader.GetInt64(0), new PersonId(reader.GetString(1))));
            }

            return events;
        }, cancellationToken);

    public Task<DefinitionsVersion?> CurrentDefinitionsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => ReadDefinitions(connection, workspace, 1).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<WorkspaceId>> DefinedWorkspacesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<WorkspaceId>>(connection => ReadRows(connection,
            "SELECT DISTINCT workspace_id FROM profile_definitions ORDER BY workspace_id", reader => new WorkspaceId(reader.GetString(0))), cancellationToken);

    public Task<IReadOnlyList<DefinitionsVersion>> DefinitionsHistoryAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<DefinitionsVersion>>(connection => ReadDefinitions(connection, workspace, int.MaxValue), cancellationToken);

    public Task<PersonFactsSnapshot?> GetFactsAsync(WorkspaceId workspace, PersonId person, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = Command(connection,
                "SELECT workspace_id, person_id, computed, model_tags, tags, profiling FROM person_facts WHERE workspace_id = $ws AND person_id = $p",
                ("ws", workspace.Value), ("p", person.Value));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadFacts(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlySet<PersonId>> ProfilingRefusalsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlySet<PersonId>>(connection =>
            ReadRows(connection, ProfilingJson.RefusingSql, reader => new PersonId(reader.GetString(0)), ("ws", workspace.Value)).ToHashSet(), cancellationToken);

    public Task<IReadOnlyList<TagHistoryEntry>> GetTagHistoryAsync(WorkspaceId workspace, PersonId person, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<TagHistoryEntry>>(connection =>
        {
            using var command = Command(connection, """
                SELECT tag, change, old_value, new_value, changed_at, position, reason FROM tag_history
                WHERE workspace_id = $ws AND person_id = $p ORDER BY changed_at DESC, position DESC, tag LIMIT $limit
                """, ("ws", workspace.Value), ("p", person.Value), ("limit", limit));
            using var reader = command.ExecuteReader();
            var history = new List<TagHistoryEntry>();
            while (reader.Read())
            {
                history.Add(new TagHistoryEntry(
                    workspace, person, reader.GetString(0), Stored<TagChangeKind>(reader.GetString(1)),
                    reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    Utc(reader.GetValue(4)), reader.GetInt64(5), reader.GetString(6)));
            }

            return history;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountTagsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<string, long>>(connection =>
        {
            using var command = Command(connection, """
                SELECT tag, count(*) FROM (SELECT unnest(json_keys(tags)) AS tag FROM person_facts WHERE workspace_id = $ws) GROUP BY tag
                """, ("ws", workspace.Value));
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        }, cancellationToken);

    public Task AddProposalAsync(TagProposal proposal, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            Execute(connection, """
                INSERT INTO tag_proposals VALUES ($ws, $id, $tag, $version, $definition, $status, $by, $at, NULL, NULL, NULL)
                """,
                ("ws", proposal.WorkspaceId.Value), ("id", proposal.ProposalId), ("tag", proposal.Tag), ("version", proposal.DefinitionsVersion),
                ("definition", proposal.Definition), ("status", WireNames.Of(proposal.Status)), ("by", proposal.ProposedBy), ("at", ToDb(proposal.ProposedAt)));
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<TagProposal>> GetProposalsAsync(WorkspaceId workspace, TagProposalStatus? status, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<TagProposal>>(connection => ReadProposals(connection, workspace, status, null), cancellationToken);

    public Task<TagProposal?> GetProposalAsync(WorkspaceId workspace, string proposalId, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => ReadProposals(connection, workspace, null, proposalId).FirstOrDefault(), cancellationToken);

    private static List<TagProposal> ReadProposals(DuckDBConnection connection, WorkspaceId workspace, TagProposalStatus? status, string? proposalId)
    {
        using var command = Command(connection, """
            SELECT proposal_id, tag, definitions_version, definition, status, proposed_by, proposed_at, decided_by, decided_at, note
            FROM tag_proposals WHERE workspace_id = $ws AND ($status IS NULL OR status = $status) AND ($id IS NULL OR proposal_id = $id)
            ORDER BY proposed_at DESC, proposal_id
            """, ("ws", workspace.Value), ("status", status is { } s ? WireNames.Of(s) : null), ("id", proposalId));
        using var reader = command.ExecuteReader();
        var proposals = new List<TagProposal>();
        while (reader.Read())
        {
            proposals.Add(new TagProposal(
                workspace, reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                Stored<TagProposalStatus>(reader.GetString(4)), reader.GetString(5), Utc(reader.GetValue(6)))
            {
                DecidedBy = reader.IsDBNull(7) ? null : reader.GetString(7),
                DecidedAt = reader.IsDBNull(8) ? null : Utc(reader.GetValue(8)),
                Note = reader.IsDBNull(9) ? null : reader.GetString(9),
            });
        }

        return proposals;
    }

    public Task<bool> DecideProposalAsync(
        WorkspaceId workspace, string proposalId, TagProposalStatus decision, string decidedBy, DateTimeOffset at, string? note, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var command = Command(connection, """
                UPDATE tag_proposals SET status = $status, decided_by = $by, decided_at = $at, note = $note
                WHERE workspace_id = $ws AND proposal_id = $id AND status = 'pending'
                """, ("status", WireNames.Of(decision)), ("by", decidedBy), ("at", ToDb(at)), ("note", note), ("ws", workspace.Value), ("id", proposalId));
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    private static TEnum Stored<TEnum>(string wire)
        where TEnum : struct, Enum =>
        WireNames.TryParse<TEnum>(wire, out var value) ? value : throw new InvalidDataException($"The store holds an unknown {typeof(TEnum).Name} '{wire}'.");

    private static List<DefinitionsVersion> ReadDefinitions(DuckDBConnection connection, WorkspaceId workspace, int limit)
    {
        using var command = Command(connection, """
            SELECT version, record_id, position, definitions, requested_by, requested_at FROM profile_definitions
            WHERE workspace_id = $ws ORDER BY version DESC LIMIT $limit
            """, ("ws", workspace.Value), ("limit", limit));
        using var reader = command.ExecuteReader();
        var versions = new List<DefinitionsVersion>();
        while (reader.Read())
        {
            versions.Add(new DefinitionsVersion(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), Utc(reader.GetValue(5))));
        }

        return versions;
    }

    /// <summary>Part of the pipeline's commit transaction.</summary>
    private static void WriteFacts(DuckDBConnection connection, FactsCommit? facts)
    {
        if (facts is null)
        {
            return;
        }

        if (facts.Record is ({ } record, var position))
        {
            RecordFactRecord(connection, record, position);
        }

        var replaced = facts.Changed.Select(f => (f.WorkspaceId, f.Person)).Concat(facts.Removed).ToList();
        if (replaced.Count > 0)
        {
            Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS facts_stage AS SELECT * FROM person_facts LIMIT 0; DELETE FROM facts_stage");
            using (var appender = connection.CreateAppender("temp", "main", "facts_stage"))
            {
                foreach (var (workspace, person) in replaced)
                {
                    // Keys only: the delete below matches on them; rows to keep are inserted after.
                    appender.CreateRow().AppendValue(workspace.Value).AppendValue(person.Value).AppendValue("{}").AppendValue("{}").AppendValue("{}").AppendValue((string?)null).EndRow();
                }
            }

            Execute(connection, """
                DELETE FROM person_facts WHERE EXISTS (
                  SELECT 1 FROM facts_stage s WHERE s.workspace_id = person_facts.workspace_id AND s.person_id = person_facts.person_id);
                DELETE FROM facts_stage;
                """);
            using (var appender = connection.CreateAppender("temp", "main", "facts_stage"))
            {
                foreach (var f in facts.Changed)
                {
                    appender.CreateRow()
                        .AppendValue(f.WorkspaceId.Value)
                        .AppendValue(f.Person.Value)
                        .AppendValue(JsonObject(f.Computed, (w, v) => w.WriteRawValue(v)))
                        .AppendValue(JsonObject(f.ModelTags, (w, v) => w.WriteStringValue(v)))
                        .AppendValue(JsonObject(f.Tags, WriteHeld))
                        .AppendValue(ProfilingJson.Write(f.Profiling))
                        .EndRow();
                }
            }

            Execute(connection, "INSERT INTO person_facts SELECT * FROM facts_stage");
        }

        WriteSegments(connection, facts);
        LeaveScheduledSegments(connection, facts.ScheduledExits);
        if (facts.History.Count > 0)
        {
            using var appender = connection.CreateAppender("tag_history");
            foreach (var h in facts.History)
            {
                appender.CreateRow()
                    .AppendValue(h.WorkspaceId.Value)
                    .AppendValue(h.Person.Value)
                    .AppendValue(h.Tag)
                    .AppendValue(WireNames.Of(h.Kind))
                    .AppendValue(h.OldValue)
                    .AppendValue(h.NewValue)
                    .AppendValue(h.At.UtcDateTime)
                    .AppendValue(h.Position)
                    .AppendValue(h.Reason)
                    .EndRow();
            }
        }
    }

    private static void RecordFactRecord(DuckDBConnection connection, FactRecord record, long position)
    {
        switch (record.Kind)
        {
            case FactRecordKind.Definitions:
                Execute(connection, """
                    INSERT INTO profile_definitions VALUES ($ws, $version, $id, $position, $defs, $by, $at) ON CONFLICT DO NOTHING
                    """,
                    ("ws", record.WorkspaceId.Value), ("version", record.Version), ("id", record.Id), ("position", position),
                    ("defs", record.Definitions ?? "{}"), ("by", record.RequestedBy), ("at", ToDb(record.RequestedAt)));
                break;
            case FactRecordKind.TagList:
                if (record.Replace)
                {
                    Execute(connection, "DELETE FROM tag_list_members WHERE workspace_id = $ws AND tag = $tag", ("ws", record.WorkspaceId.Value), ("tag", record.Tag));
                }

                Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS members_stage AS SELECT * FROM tag_list_members LIMIT 0; DELETE FROM members_stage");
                using (var appender = connection.CreateAppender("temp", "main", "members_stage"))
                {
                    foreach (var id in record.Identifiers)
                    {
                        appender.CreateRow().AppendValue(record.WorkspaceId.Value).AppendValue(record.Tag).AppendValue(id.Type).AppendValue(id.Value).EndRow();
                    }
                }

                Execute(connection, "INSERT INTO tag_list_members SELECT DISTINCT * FROM members_stage ON CONFLICT DO NOTHING");
                break;
        }
    }

    private static Dictionary<WorkspaceId, (int, string)> LoadCurrentDefinitions(DuckDBConnection connection)
    {
        using var command = Command(connection, "SELECT workspace_id, max(version), arg_max(definitions, version) FROM profile_definitions GROUP BY workspace_id");
        using var reader = command.ExecuteReader();
        var definitions = new Dictionary<WorkspaceId, (int, string)>();
        while (reader.Read())
        {
            definitions[new WorkspaceId(reader.GetString(0))] = (reader.GetInt32(1), reader.GetString(2));
        }

        return definitions;
    }

    private static List<(WorkspaceId, string, Identifier)> LoadListMembers(DuckDBConnection connection)
    {
        using var command = Command(connection, "SELECT workspace_id, tag, type, value FROM tag_list_members");
        using var reader = command.ExecuteReader();
        var members = new List<(WorkspaceId, string, Identifier)>();
        while (reader.Read())
        {
            members.Add((new WorkspaceId(reader.GetString(0)), reader.GetString(1), new Identifier(reader.GetString(2), reader.GetString(3))));
        }

        return members;
    }

    private static List<PersonFactsSnapshot> LoadFacts(DuckDBConnection connection)
    {
        using var command = Command(connection, "SELECT workspace_id, person_id, computed, model_tags, tags, profiling FROM person_facts");
        using var reader = command.ExecuteReader();
        var segments = LoadSegmentMemberships(connection);
        var facts = new List<PersonFactsSnapshot>();
        while (reader.Read())
        {
            var snapshot = ReadFacts(reader);
            facts.Add(segments.TryGetValue((snapshot.WorkspaceId.Value, snapshot.Person.Value), out var memberships) ? snapshot with { Segments = memberships } : snapshot);
        }

        return facts;
    }

    /// <summary>The facts in columns <paramref name="first"/> on: workspace_id, person_id, computed, model_tags, tags, profiling.</summary>
    private static PersonFactsSnapshot ReadFacts(System.Data.Common.DbDataReader reader, int first = 0)
    {
        var computed = JsonElement.Parse(reader.GetString(first + 2)).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
        var models = JsonElement.Parse(reader.GetString(first + 3)).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var tags = JsonElement.Parse(reader.GetString(first + 4)).EnumerateObject().ToDictionary(
            p => p.Name,
            p => new HeldTag(p.Value.GetProperty("value").GetString(), p.Value.GetProperty("since").GetDateTimeOffset()),
            StringComparer.Ordinal);
        return new PersonFactsSnapshot(new WorkspaceId(reader.GetString(first)), new PersonId(reader.GetString(first + 1)), computed, models, tags)
        {
            Profiling = ProfilingJson.Read(reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5)),
        };
    }

    private static void WriteHeld(Utf8JsonWriter writer, HeldTag held)
    {
        writer.WriteStartObject();
        writer.WriteString("value", held.Value);
        writer.WriteString("since", held.Since.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    private static string JsonObject<T>(IReadOnlyDictionary<string, T> values, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, FactsJson))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                write(writer, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

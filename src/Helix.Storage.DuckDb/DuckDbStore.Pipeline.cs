using DuckDB.NET.Data;
using Helix.Core.Collect;
using Helix.Core.Pipeline;
using Helix.Core.Privacy.Encryption;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;

namespace Helix.Storage.DuckDb;

public sealed partial class DuckDbStore
{
    public async Task CommitAsync(PipelineCommit commit, CancellationToken cancellationToken = default)
    {
        await EnsureKeysAsync(commit, cancellationToken);
        await WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            try
            {
                DropRefolded(connection, commit.Refold);
                ApplyMerges(connection, commit.Merges, _time.GetUtcNow());
                AppendEvents(connection, commit.Events);
                RepointRefolded(connection, commit.Refold);
                UpsertPersons(connection, commit.Persons);
                foreach (var operation in commit.Operations)
                {
                    RecordOperation(connection, operation);
                }

                WriteFacts(connection, commit.Facts);
                ShredKeys(connection, commit.Erasure);
                WriteErasure(connection, commit.Erasure, _time.GetUtcNow());
                WriteSuppressedRecords(connection, commit.Suppressed);
                Execute(connection, "UPDATE pipeline_checkpoint SET position = $p WHERE id = 1", ("p", commit.Checkpoint));
                transaction.Commit();
            }
            catch
            {
                transaction.Rollback();
                throw;
            }

            return 0;
        }, cancellationToken);
    }

    /// <summary>
    /// Drops everything derived from the event log (events, persons, identities, links, the identity
    /// operations journal, whose operations are log records too) and sets the
    /// checkpoint back to the start, in one transaction, so the pipeline rebuilds it all by replay.
    /// Workspaces, sources and keys are not derived and stay.
    /// </summary>
    public Task ResetDerivedAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, """
                DELETE FROM events; DELETE FROM persons; DELETE FROM identities; DELETE FROM identity_links; DELETE FROM identity_operations;
                DELETE FROM profile_definitions; DELETE FROM tag_list_members; DELETE FROM person_facts; DELETE FROM tag_history; DELETE FROM person_merges;
                DELETE FROM segment_members WHERE realtime; DELETE FROM segment_history WHERE realtime;
                UPDATE pipeline_checkpoint SET position = 0 WHERE id = 1;
                """);
            transaction.Commit();
            return 0;
        }, cancellationToken);

    public Task<PipelineSnapshot> LoadAsync(TimeSpan dedupeWindow, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var snapshot = new PipelineSnapshot(ReadCheckpoint(connection), LoadPersons(connection), LoadRecentMessages(connection, dedupeWindow))
            {
                Operations = LoadActiveOperations(connection),
                Rules = LoadCurrentRules(connection),
                Definitions = LoadCurrentDefinitions(connection),
                ListMembers = LoadListMembers(connection),
                Facts = LoadFacts(connection),
                Suppressed = LoadSuppressions(connection),
            };
            transaction.Commit();
            return snapshot;
        }, cancellationToken);

    /// <summary>
    /// Repoints every stored row of a merged person to its final survivor in three set operations,
    /// however many merges the batch holds (a merge chain A→B→C sends A's rows straight to C), and
    /// remembers each merge in <c>person_merges</c> in the same transaction.
    /// </summary>
    private static void ApplyMerges(DuckDBConnection connection, IReadOnlyList<PersonMerge> merges, DateTimeOffset at)
    {
        if (merges.Count == 0)
        {
            return;
        }

        var positions = new Dictionary<(WorkspaceId, PersonId), long>();
        foreach (var merge in merges)
        {
            positions[(merge.WorkspaceId, merge.Merged)] = merge.Position;
        }

        Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS merge_map (workspace_id VARCHAR, merged VARCHAR, survivor VARCHAR, position BIGINT); DELETE FROM merge_map");
        using (var appender = connection.CreateAppender("temp", "main", "merge_map"))
        {
            foreach (var (workspace, merged, survivor) in new MergeChains(merges).Merged)
            {
                appender.CreateRow().AppendValue(workspace.Value).AppendValue(merged.Value).AppendValue(survivor.Value).AppendValue(positions[(workspace, merged)]).EndRow();
            }
        }

        RememberMerges(connection, at);
        Execute(connection, """
            UPDATE events SET person_id = m.survivor FROM merge_map m
              WHERE events.workspace_id = m.workspace_id AND events.person_id = m.merged;
            UPDATE identities SET person_id = m.survivor FROM merge_map m
              WHERE identities.workspace_id = m.workspace_id AND identities.person_id = m.merged;
            UPDATE identity_links SET person_id = m.survivor FROM merge_map m
              WHERE identity_links.workspace_id = m.workspace_id AND identity_links.person_id = m.merged;
            UPDATE tag_history SET person_id = m.survivor FROM merge_map m
              WHERE tag_history.workspace_id = m.workspace_id AND tag_history.person_id = m.merged;
            UPDATE segment_history SET person_id = m.survivor FROM merge_map m
              WHERE segment_history.workspace_id = m.workspace_id AND segment_history.person_id = m.merged;
            INSERT INTO segment_members
              SELECT s.workspace_id, s.segment, m.survivor, s.since, s.realtime FROM segment_members s
              JOIN merge_map m ON m.workspace_id = s.workspace_id AND m.merged = s.person_id WHERE NOT s.realtime
              ON CONFLICT DO NOTHING;
            DELETE FROM segment_members WHERE EXISTS (
              SELECT 1 FROM merge_map m WHERE m.workspace_id = segment_members.workspace_id AND m.merged = segment_members.person_id);
            DELETE FROM person_facts WHERE EXISTS (
              SELECT 1 FROM merge_map m WHERE m.workspace_id = person_facts.workspace_id AND m.merged = person_facts.person_id);
            DELETE FROM persons WHERE EXISTS (
              SELECT 1 FROM merge_map m WHERE m.workspace_id = persons.workspace_id AND m.merged = persons.person_id);
            """);
    }

    /// <summary>Earlier merges into a person merged now move on to its survivor; then this batch's merges are added.</summary>
    private static void RememberMerges(DuckDBConnection connection, DateTimeOffset at) =>
        Execute(connection, """
            UPDATE person_merges SET survivor = m.survivor FROM merge_map m
              WHERE person_merges.workspace_id = m.workspace_id AND person_merges.survivor = m.merged;
            INSERT OR REPLACE INTO person_merges SELECT workspace_id, merged, survivor, position, $at FROM merge_map;
            DELETE FROM person_merges WHERE person_id = survivor;
            """, ("at", ToDb(at)));

    private void AppendEvents(DuckDBConnection connection, IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender("events");
        foreach (var stored in events)
        {
            var m = stored.Message;
            appender.CreateRow()
                .AppendValue(m.WorkspaceId.Value)
                .AppendValue(stored.Position)
                .AppendValue(m.MessageId)
                .AppendValue(m.Type.ToWire())
                .AppendValue(m.Event)
                .AppendValue(m.UserId)
                .AppendValue(m.AnonymousId)
                .AppendValue(stored.PersonId.Value)
                .AppendValue(m.SourceId.Value)
                .AppendValue(m.GroupId)
                .AppendValue(m.PreviousId)
                .AppendValue(m.Timestamp.UtcDateTime)
                .AppendValue(m.OriginalTimestamp?.UtcDateTime)
                .AppendValue(m.SentAt?.UtcDateTime)
                .AppendValue(m.ReceivedAt.UtcDateTime)
                .AppendValue(SealEventFields(m.WorkspaceId, stored.PersonId, m.Properties, PiiFields.IsPersonalProperty))
                .AppendValue(SealEventFields(m.WorkspaceId, stored.PersonId, m.Traits, PiiFields.Traits.Contains))
                .AppendValue(SealContext(m.WorkspaceId, stored.PersonId, m.Context))
                .AppendValue(m.Integrations?.GetRawText())
                .EndRow();
        }
    }

    /// <summary>
    /// Changed persons replace their rows. Identifiers are only ever added here: an identifier changes
    /// owner only through a merge, which <see cref="ApplyMerges"/> has already applied.
    /// </summary>
    private void UpsertPersons(DuckDBConnection connection, IReadOnlyList<PersonSnapshot> persons)
    {
        if (persons.Count == 0)
        {
            return;
        }

        Execute(connection, """
            CREATE TEMP TABLE IF NOT EXISTS persons_stage AS SELECT * FROM persons LIMIT 0;
            CREATE TEMP TABLE IF NOT EXISTS identities_stage AS SELECT * FROM identities LIMIT 0;
            CREATE TEMP TABLE IF NOT EXISTS links_stage AS SELECT * FROM identity_links LIMIT 0;
            DELETE FROM persons_stage; DELETE FROM identities_stage; DELETE FROM links_stage;
            """);
        using (var appender = connection.CreateAppender("temp", "main", "persons_stage"))
        {
            foreach (var p in persons)
            {
                appender.CreateRow()
                    .AppendValue(p.WorkspaceId.Value)
                    .AppendValue(p.Id.Value)
                    .AppendValue(p.CreatedPosition)
                    .AppendValue(p.FirstSeen.UtcDateTime)
                    .AppendValue(p.LastSeen.UtcDateTime)
                    .AppendValue(p.EventCount)
                    .AppendValue(TraitJson.Values(SealTraits(p.WorkspaceId, p.Id, p.Traits)))
                    .AppendValue(TraitJson.Times(p.Traits))
                    .AppendValue(p.MergeCount)
                    .AppendValue(p.Quarantine?.Reason)
                    .AppendValue(p.Quarantine?.Position)
                    .AppendValue(p.Quarantine?.At.UtcDateTime)
                    .AppendValue(TraitJson.Counts(SealCounts(p.WorkspaceId, p.Id, p.TraitCounts)))
                    .EndRow();
            }
        }

        using (var appender = connection.CreateAppender("temp", "main", "identities_stage"))
        {
            foreach (var p in persons)
            {
                foreach (var link in p.Identifiers)
                {
                    appender.CreateRow()
                        .AppendValue(p.WorkspaceId.Value)
                        .AppendValue(link.Identifier.Type)
                        .AppendValue(StoredValue(p.WorkspaceId, link.Identifier))
                        .AppendValue(p.Id.Value)
                        .AppendValue(link.FirstSeen.UtcDateTime)
                        .AppendValue(link.Position)
                        .AppendValue(link.SourceId?.Value)
                        .AppendValue(SealedIdentifier(p.WorkspaceId, p.Id, link.Identifier))
                        .EndRow();
                }
            }
        }

        using (var appender = connection.CreateAppender("temp", "main", "links_stage"))
        {
            foreach (var p in persons)
            {
                foreach (var link in p.Links)
                {
                    appender.CreateRow()
                        .AppendValue(p.WorkspaceId.Value)
                        .AppendValue(p.Id.Value)
                        .AppendValue(link.From.Type)
                        .AppendValue(SealText(p.WorkspaceId, p.Id, link.From))
                        .AppendValue(link.To.Type)
                        .AppendValue(SealText(p.WorkspaceId, p.Id, link.To))
                        .AppendValue(IdentityLinkKinds.Wire(link.Kind))
                        .AppendValue(link.Position)
                        .AppendValue(link.MessageId)
                        .AppendValue(link.SourceId.Value)
                        .AppendValue(link.At.UtcDateTime)
                        .EndRow();
                }
            }
        }

        Execute(connection, """
            DELETE FROM persons WHERE EXISTS (
              SELECT 1 FROM persons_stage s WHERE s.workspace_id = persons.workspace_id AND s.person_id = persons.person_id);
            INSERT INTO persons SELECT * FROM persons_stage;
            INSERT INTO identities SELECT * FROM identities_stage ON CONFLICT DO NOTHING;
            DELETE FROM identity_links WHERE EXISTS (
              SELECT 1 FROM persons_stage s WHERE s.workspace_id = identity_links.workspace_id AND s.person_id = identity_links.person_id);
            INSERT INTO identity_links SELECT * FROM links_stage;
            """);
    }

    private List<PersonSnapshot> LoadPersons(DuckDBConnection connection)
    {
        var identifiers = new Dictionary<(string, string), List<IdentifierLink>>();
        using (var command = Command(connection, $"SELECT workspace_id, person_id, {IdentifierColumns} FROM identities ORDER BY first_seen, position, type, value"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!identifiers.TryGetValue(key, out var links))
                {
                    identifiers[key] = links = [];
                }

                links.Add(OpenIdentifier(new WorkspaceId(key.Item1), ReadIdentifier(reader, 2)));
            }
        }

        var graphLinks = new Dictionary<(string, string), List<IdentityLink>>();
        using (var command = Command(connection, $"SELECT workspace_id, person_id, {LinkColumns} FROM identity_links ORDER BY position, from_type, from_value"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!graphLinks.TryGetValue(key, out var list))
                {
                    graphLinks[key] = list = [];
                }

                list.Add(OpenLink(new WorkspaceId(key.Item1), ReadLink(reader, 2)));
            }
        }

        var persons = new List<PersonSnapshot>();
        using (var command = Command(connection,
            "SELECT workspace_id, person_id, created_position, first_seen, last_seen, event_count, traits, trait_times, merge_count, quarantine_reason, quarantine_position, quarantined_at, trait_counts FROM persons ORDER BY created_position"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var workspace = reader.GetString(0);
                var person = reader.GetString(1);
                persons.Add(new PersonSnapshot(
                    new WorkspaceId(workspace),
                    new PersonId(person),
                    reader.GetInt64(2),
                    Utc(reader.GetValue(3)),
                    Utc(reader.GetValue(4)),
                    reader.GetInt64(5),
                    OpenTraits(new WorkspaceId(workspace), TraitJson.Read(reader.GetString(6), reader.GetString(7))),
                    identifiers.GetValueOrDefault((workspace, person)) ?? [])
                {
                    Links = graphLinks.GetValueOrDefault((workspace, person)) ?? [],
                    MergeCount = reader.GetInt32(8),
                    Quarantine = ReadQuarantine(reader, 9),
                    TraitCounts = OpenCounts(new WorkspaceId(workspace), TraitJson.ReadCounts(reader.IsDBNull(12) ? null : reader.GetString(12))),
                });
            }
        }

        return persons;
    }

    private static List<RecentMessage> LoadRecentMessages(DuckDBConnection connection, TimeSpan window)
    {
        using var latestCommand = Command(connection, "SELECT max(received_at) FROM events");
        if (latestCommand.ExecuteScalar() is not DateTime latest)
        {
            return [];
        }

        var since = Utc(latest) - window;
        using var command = Command(connection,
            "SELECT workspace_id, message_id, received_at FROM events WHERE received_at >= $since ORDER BY received_at, position",
            ("since", since.UtcDateTime));
        using var reader = command.ExecuteReader();
        var messages = new List<RecentMessage>();
        while (reader.Read())
        {
            messages.Add(new RecentMessage(new WorkspaceId(reader.GetString(0)), reader.GetString(1), Utc(reader.GetValue(2))));
        }

        return messages;
    }
}

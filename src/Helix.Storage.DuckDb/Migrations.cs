using System.Globalization;
using DuckDB.NET.Data;

namespace Helix.Storage.DuckDb;

/// <summary>
/// Versioned schema changes, applied in order, each in its own transaction and recorded in
/// <c>schema_migrations</c>. Never edit a released migration: add the next one.
/// </summary>
internal static class Migrations
{
    private static readonly string[] Steps =
    [
        // 1: the foundation schema. persons has no primary key on purpose: the pipeline replaces changed
        // persons with one set-based delete and insert, nine times faster than an upsert through an
        // index; the pipeline's single writer keeps (workspace_id, person_id) unique.
        """
        CREATE TABLE workspaces (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL);
        CREATE TABLE sources (id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
            trust VARCHAR NOT NULL, write_key_hash VARCHAR NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL);
        CREATE TABLE api_keys (id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, name VARCHAR NOT NULL, role VARCHAR NOT NULL,
            key_hash VARCHAR NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ);
        CREATE TABLE events (
            workspace_id VARCHAR NOT NULL, position BIGINT NOT NULL, message_id VARCHAR NOT NULL, type VARCHAR NOT NULL,
            event VARCHAR, user_id VARCHAR, anonymous_id VARCHAR, person_id VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
            group_id VARCHAR, previous_id VARCHAR,
            timestamp TIMESTAMPTZ NOT NULL, original_timestamp TIMESTAMPTZ, sent_at TIMESTAMPTZ, received_at TIMESTAMPTZ NOT NULL,
            properties JSON, traits JSON, context JSON, integrations JSON);
        CREATE TABLE persons (
            workspace_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, created_position BIGINT NOT NULL,
            first_seen TIMESTAMPTZ NOT NULL, last_seen TIMESTAMPTZ NOT NULL, event_count BIGINT NOT NULL,
            traits JSON NOT NULL, trait_times JSON NOT NULL, merge_count INTEGER NOT NULL,
            quarantine_reason VARCHAR, quarantine_position BIGINT, quarantined_at TIMESTAMPTZ);
        CREATE TABLE identities (
            workspace_id VARCHAR NOT NULL, type VARCHAR NOT NULL, value VARCHAR NOT NULL, person_id VARCHAR NOT NULL,
            first_seen TIMESTAMPTZ NOT NULL, position BIGINT NOT NULL, source_id VARCHAR,
            PRIMARY KEY (workspace_id, type, value));
        CREATE TABLE identity_links (
            workspace_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL,
            from_type VARCHAR NOT NULL, from_value VARCHAR NOT NULL, to_type VARCHAR NOT NULL, to_value VARCHAR NOT NULL,
            kind VARCHAR NOT NULL, position BIGINT NOT NULL, message_id VARCHAR NOT NULL, source_id VARCHAR NOT NULL, linked_at TIMESTAMPTZ NOT NULL);
        CREATE TABLE pipeline_checkpoint (id INTEGER PRIMARY KEY, position BIGINT NOT NULL);
        INSERT INTO pipeline_checkpoint VALUES (1, 0);
        """,

        // 2: the identity operations journal (unmerge). Derived from the log like persons: a rebuild replays it.
        """
        CREATE TABLE identity_operations (
            operation_id VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, position BIGINT NOT NULL,
            person_id VARCHAR, from_type VARCHAR, from_value VARCHAR, to_type VARCHAR, to_value VARCHAR, reverts VARCHAR,
            requested_by VARCHAR NOT NULL, reason VARCHAR, requested_at TIMESTAMPTZ NOT NULL,
            rejection VARCHAR, persons_before JSON NOT NULL, persons_after JSON NOT NULL, reverted_by VARCHAR,
            PRIMARY KEY (workspace_id, operation_id));
        """,

        // 3: identity rules versions are identity operations too; the journal keeps each version's spec.
        """
        ALTER TABLE identity_operations ADD COLUMN rules JSON;
        """,

        // 4: probabilistic matching's runs and review queue. Not derived from the log (a steward's
        // rejection is a decision, not an event), so a rebuild keeps them.
        """
        CREATE TABLE identity_match_runs (
            run_id VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, started_at TIMESTAMPTZ NOT NULL, run JSON NOT NULL,
            PRIMARY KEY (workspace_id, run_id));
        CREATE TABLE identity_match_reviews (
            review_id VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL,
            left_person VARCHAR NOT NULL, left_type VARCHAR NOT NULL, left_value VARCHAR NOT NULL,
            right_person VARCHAR NOT NULL, right_type VARCHAR NOT NULL, right_value VARCHAR NOT NULL,
            score DOUBLE NOT NULL, probability DOUBLE NOT NULL, evidence JSON NOT NULL, created_at TIMESTAMPTZ NOT NULL,
            status VARCHAR NOT NULL, decided_at TIMESTAMPTZ, decided_by VARCHAR, decision_reason VARCHAR, operation_id VARCHAR,
            PRIMARY KEY (workspace_id, review_id));
        """,

        // 5: profile facts — computed traits and tags. Definitions versions, list members, each person's facts
        // and the tag history are derived from the log (fact records); tag versions awaiting approval are
        // decisions, not events, and survive a rebuild.
        """
        CREATE TABLE profile_definitions (
            workspace_id VARCHAR NOT NULL, version INTEGER NOT NULL, record_id VARCHAR NOT NULL, position BIGINT NOT NULL,
            definitions JSON NOT NULL, requested_by VARCHAR NOT NULL, requested_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (workspace_id, version));
        CREATE TABLE tag_list_members (
            workspace_id VARCHAR NOT NULL, tag VARCHAR NOT NULL, type VARCHAR NOT NULL, value VARCHAR NOT NULL,
            PRIMARY KEY (workspace_id, tag, type, value));
        CREATE TABLE person_facts (
            workspace_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, computed JSON NOT NULL, model_tags JSON NOT NULL, tags JSON NOT NULL);
        CREATE TABLE tag_history (
            workspace_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, tag VARCHAR NOT NULL, change VARCHAR NOT NULL,
            old_value VARCHAR, new_value VARCHAR, changed_at TIMESTAMPTZ NOT NULL, position BIGINT NOT NULL, reason VARCHAR NOT NULL);
        CREATE TABLE tag_proposals (
            workspace_id VARCHAR NOT NULL, proposal_id VARCHAR NOT NULL, tag VARCHAR NOT NULL, definitions_version INTEGER NOT NULL,
            definition JSON, status VARCHAR NOT NULL, proposed_by VARCHAR NOT NULL, proposed_at TIMESTAMPTZ NOT NULL,
            decided_by VARCHAR, decided_at TIMESTAMPTZ, note VARCHAR,
            PRIMARY KEY (workspace_id, proposal_id));
        """,
        // 6: model-tag runs and their progress. Decisions with a time, not log facts: a rebuild keeps them
        // (the values they assigned are model-run fact records in the log).
        """
        CREATE TABLE model_runs (
            workspace_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL, started_at TIMESTAMPTZ NOT NULL, status VARCHAR NOT NULL, run JSON NOT NULL,
            PRIMARY KEY (workspace_id, run_id));
        """,
        // 7: the value histograms of mostFrequent traits, beside the traits they decide; NULL for persons without any.
        """
        ALTER TABLE persons ADD COLUMN trait_counts JSON;
        """,
        // 8: saved segments' members, one table for real-time and scheduled segments (what segment references read).
        """
        CREATE TABLE segment_members (workspace_id VARCHAR NOT NULL, segment VARCHAR NOT NULL, person_id VARCHAR NOT NULL, PRIMARY KEY (workspace_id, segment, person_id));
        """,
        // 9: since when each member is in, and every entry and exit (Segment Entered / Segment Exited). Real-time rows
        // are derived from the log (a rebuild replays them); the others are decisions (recomputes, lookalikes) a rebuild keeps.
        """
        ALTER TABLE segment_members ADD COLUMN since TIMESTAMPTZ;
        ALTER TABLE segment_members ADD COLUMN realtime BOOLEAN DEFAULT false;
        CREATE TABLE segment_history (
            workspace_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, segment VARCHAR NOT NULL, entered BOOLEAN NOT NULL,
            changed_at TIMESTAMPTZ NOT NULL, position BIGINT NOT NULL, reason VARCHAR NOT NULL, realtime BOOLEAN NOT NULL);
        """,
        // 10: scheduled segments' recomputes (decisions with a time, kept by a rebuild like model runs).
        """
        CREATE TABLE segment_runs (
            workspace_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL, segment VARCHAR NOT NULL, trigger VARCHAR NOT NULL,
            started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ, status VARCHAR NOT NULL,
            members BIGINT, entered INTEGER, exited INTEGER, error VARCHAR,
            PRIMARY KEY (workspace_id, run_id));
        """,

        // 11: erasures (data subjects' deletion requests). Receipts and suppressed identifier digests are
        // decisions with a time, not derived rows: a rebuild keeps them, and the digests stay in force from the
        // first replayed record, so a replay cannot bring an erased person back. suppressed_records are the log
        // positions of messages dropped for carrying a suppressed identifier, not yet redacted.
        """
        CREATE TABLE erasures (
            workspace_id VARCHAR NOT NULL, erasure_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, position BIGINT NOT NULL,
            requested_at TIMESTAMPTZ NOT NULL, requested_by VARCHAR NOT NULL, reason VARCHAR, applied_at TIMESTAMPTZ NOT NULL,
            suppressed INTEGER NOT NULL, stores JSON NOT NULL, pending_positions BIGINT[], redacted_at TIMESTAMPTZ,
            PRIMARY KEY (workspace_id, erasure_id));
        CREATE TABLE suppressed_identifiers (
            workspace_id VARCHAR NOT NULL, digest VARCHAR NOT NULL, erasure_id VARCHAR NOT NULL,
            PRIMARY KEY (workspace_id, digest));
        CREATE TABLE suppressed_records (position BIGINT PRIMARY KEY);
        """,

        // 12: retention policies per workspace and their runs: decisions with a time, kept by a rebuild. The events a
        // run expires are deleted here and tombstoned in the log, so a rebuild does not bring them back either.
        """
        CREATE TABLE retention_policies (
            workspace_id VARCHAR PRIMARY KEY, policies JSON NOT NULL, updated_at TIMESTAMPTZ NOT NULL, updated_by VARCHAR NOT NULL);
        CREATE TABLE retention_runs (
            workspace_id VARCHAR NOT NULL, run_id VARCHAR NOT NULL, started_at TIMESTAMPTZ NOT NULL, run JSON NOT NULL,
            PRIMARY KEY (workspace_id, run_id));
        """,

        // 13: the audit log of management actions and personal-data reads, a hash chain per workspace, and each
        // chain's head. Records of requests, not derived from the event log: a rebuild keeps them. Append-only: the
        // store has no operation that changes or deletes a row.
        """
        CREATE TABLE audit_log (
            workspace_id VARCHAR NOT NULL, sequence BIGINT NOT NULL, occurred_at TIMESTAMPTZ NOT NULL,
            actor_key_id VARCHAR NOT NULL, actor_name VARCHAR NOT NULL, actor_role VARCHAR NOT NULL,
            action VARCHAR NOT NULL, target VARCHAR, outcome INTEGER NOT NULL,
            client_address VARCHAR, user_agent VARCHAR, request_id VARCHAR,
            previous_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL,
            PRIMARY KEY (workspace_id, sequence));
        CREATE TABLE audit_heads (workspace_id VARCHAR PRIMARY KEY, sequence BIGINT NOT NULL, hash VARCHAR NOT NULL);
        """,

        // 14: API keys' expiry, store scope and last use, and custom roles. Decisions with a time, kept by a rebuild.
        // IF NOT EXISTS because a test fakes an old store by dropping newer tables only, leaving these columns.
        """
        ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS expires_at TIMESTAMPTZ;
        ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS store_id VARCHAR;
        ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS last_used_at TIMESTAMPTZ;
        CREATE TABLE custom_roles (
            workspace_id VARCHAR NOT NULL, name VARCHAR NOT NULL, permissions JSON NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (workspace_id, name));
        """,

        // 15: each person's deciding statement on `profiling` (JSON {granted, at, position, messageId, source}, NULL
        // when they never made one): a refusal keeps them untagged across restarts and merges. Derived from the log.
        // IF NOT EXISTS for the same test as step 14.
        """
        ALTER TABLE person_facts ADD COLUMN IF NOT EXISTS profiling JSON;
        """,

        // 16: every merge: the merged person id (person_id), the person holding its data now (kept current when that survivor is
        // merged in turn, so a chain a→b→c reads a→c), the log position and when it was applied. Written in the commit
        // that repoints the rows, so an old id (a link, a CRM's copy) still finds its person. Derived from the log.
        """
        CREATE TABLE person_merges (
            workspace_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, survivor VARCHAR NOT NULL, position BIGINT NOT NULL,
            merged_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (workspace_id, person_id));
        """,

        // 17: journeys — each saved version of a definition, and each journey's status and current version.
        """
        CREATE TABLE journeys (
            workspace_id VARCHAR NOT NULL, name VARCHAR NOT NULL, status VARCHAR NOT NULL, version INTEGER NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (workspace_id, name));
        CREATE TABLE journey_versions (
            workspace_id VARCHAR NOT NULL, name VARCHAR NOT NULL, version INTEGER NOT NULL, definition JSON NOT NULL,
            saved_at TIMESTAMPTZ NOT NULL, saved_by VARCHAR NOT NULL, PRIMARY KEY (workspace_id, name, version));
        """,

        // 18: the journey runtime. Who is inside each journey and where (wake_at is the stored timer), every entry,
        // every step reached (statistics), the outbox of actions (one row per action, keyed so it cannot be stored
        // twice), entries asked through the API, the segment changes already acted on, and the runtime's cursors over
        // events and segment history, which start at the end: going live acts on what happens from then on.
        // Decisions with a time, like model runs: a rebuild keeps them.
        """
        CREATE TABLE journey_members (
            workspace_id VARCHAR NOT NULL, journey VARCHAR NOT NULL, person_id VARCHAR NOT NULL, version INTEGER NOT NULL,
            entry INTEGER NOT NULL, step VARCHAR NOT NULL, entered_at TIMESTAMPTZ NOT NULL, since TIMESTAMPTZ NOT NULL,
            wake_at TIMESTAMPTZ, held_out BOOLEAN NOT NULL);
        CREATE TABLE journey_entries (
            workspace_id VARCHAR NOT NULL, journey VARCHAR NOT NULL, person_id VARCHAR NOT NULL, entry INTEGER NOT NULL,
            version INTEGER NOT NULL, entered_at TIMESTAMPTZ NOT NULL, held_out BOOLEAN NOT NULL, trigger VARCHAR NOT NULL,
            ended_at TIMESTAMPTZ, end_step VARCHAR, end_reason VARCHAR);
        CREATE TABLE journey_steps (
            workspace_id VARCHAR NOT NULL, journey VARCHAR NOT NULL, version INTEGER NOT NULL, person_id VARCHAR NOT NULL,
            entry INTEGER NOT NULL, step VARCHAR NOT NULL, kind VARCHAR NOT NULL, detail VARCHAR, happened_at TIMESTAMPTZ NOT NULL);
        CREATE TABLE journey_outbox (
            workspace_id VARCHAR NOT NULL, key VARCHAR NOT NULL, journey VARCHAR NOT NULL, version INTEGER NOT NULL,
            person_id VARCHAR NOT NULL, entry INTEGER NOT NULL, step VARCHAR NOT NULL, connector VARCHAR NOT NULL, action JSON NOT NULL,
            due_at TIMESTAMPTZ NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL, last_error VARCHAR, external_id VARCHAR,
            created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (workspace_id, key));
        CREATE TABLE journey_requests (
            workspace_id VARCHAR NOT NULL, journey VARCHAR NOT NULL, person_id VARCHAR NOT NULL, request_id VARCHAR NOT NULL,
            requested_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (workspace_id, journey, request_id));
        CREATE TABLE journey_triggers (workspace_id VARCHAR NOT NULL, trigger VARCHAR NOT NULL, position BIGINT NOT NULL);
        CREATE TABLE journey_cursors (name VARCHAR PRIMARY KEY, position BIGINT NOT NULL);
        INSERT INTO journey_cursors SELECT 'events', coalesce(max(position) + 1, 0) FROM events;
        INSERT INTO journey_cursors SELECT 'segments', coalesce(max(position), 0) FROM segment_history;
        """,

        // 19: each workspace's limits across journeys (fatigue, per-channel limits, the global holdout), as JSON.
        """
        CREATE TABLE journey_settings (workspace_id VARCHAR PRIMARY KEY, settings JSON NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
        """,

        // 20: journey connections — settings, the names of their secrets, and the
        // secrets as one string protected by ASP.NET Core Data Protection (keys in keys/data-protection/, never in the store).
        """
        CREATE TABLE journey_connections (
            workspace_id VARCHAR NOT NULL, name VARCHAR NOT NULL, connector VARCHAR NOT NULL, settings JSON NOT NULL,
            secret_names JSON NOT NULL, secrets VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (workspace_id, name));
        """,

        // 21: store guides' tasks (导购任务) created by journeys' guide_task actions. The id derives from the delivery's key
        // and is the key of the row, so a delivery repeated after a crash inserts nothing. Completed once (completed_at).
        """
        CREATE TABLE guide_tasks (
            workspace_id VARCHAR NOT NULL, task_id VARCHAR NOT NULL, delivery_key VARCHAR NOT NULL, journey VARCHAR NOT NULL,
            step VARCHAR NOT NULL, person_id VARCHAR NOT NULL, store VARCHAR NOT NULL, guide VARCHAR, title VARCHAR NOT NULL,
            note VARCHAR, due_at TIMESTAMPTZ NOT NULL, created_at TIMESTAMPTZ NOT NULL, outcome VARCHAR, completion_note VARCHAR,
            completed_at TIMESTAMPTZ, completed_by VARCHAR, PRIMARY KEY (workspace_id, task_id));
        """,

        // 22: personal data sealed per person (crypto-shredding): a personal identifier's value becomes its keyed digest and its
        // sealed value goes here. A store that still holds personal data in the clear is rebuilt sealed when a vault is first used
        // on it (DuckDbStore.UsePii), since sealing needs the keys, which SQL does not have.
        """
        ALTER TABLE identities ADD COLUMN IF NOT EXISTS sealed VARCHAR;
        """,
    ];

    public static int Latest => Steps.Length;

    /// <returns>The schema version after migrating.</returns>
    public static int Apply(DuckDBConnection connection, DateTimeOffset now)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)");
        using var current = connection.CreateCommand();
        current.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
        var version = Convert.ToInt32(current.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > Latest)
        {
            throw new InvalidOperationException(
                $"The store's schema is version {version}, newer than this Helix knows ({Latest}). Upgrade Helix; do not downgrade a data directory.");
        }

        for (var next = version + 1; next <= Latest; next++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, Steps[next - 1]);
            using var record = connection.CreateCommand();
            record.CommandText = "INSERT INTO schema_migrations VALUES ($version, $at)";
            record.Parameters.Add(new DuckDBParameter("version", next));
            record.Parameters.Add(new DuckDBParameter("at", now.UtcDateTime));
            record.ExecuteNonQuery();
            transaction.Commit();
        }

        return Latest;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

using DuckDB.NET.Data;
using Helix.Core.Journeys.Delivery;
using Helix.Core.Journeys.Runtime;

namespace Helix.Storage.DuckDb;

/// <summary>A journey round's changes, written in one transaction with the cursors that say which inputs they answer.</summary>
public sealed partial class DuckDbStore
{
    public Task CommitRoundAsync(JourneyRound round, JourneyChanges changes, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            WriteMembers(connection, changes);
            WriteEntries(connection, changes);
            using (var appender = connection.CreateAppender("journey_steps"))
            {
                foreach (var s in changes.Steps)
                {
                    appender.CreateRow().AppendValue(s.Workspace.Value).AppendValue(s.Journey).AppendValue(s.Version).AppendValue(s.Person.Value)
                        .AppendValue(s.Entry).AppendValue(s.Step).AppendValue(s.Kind).AppendValue(s.Detail).AppendValue(s.At.UtcDateTime).EndRow();
                }
            }

            using (var appender = connection.CreateAppender("journey_outbox"))
            {
                foreach (var o in changes.Outbox)
                {
                    appender.CreateRow().AppendValue(o.Workspace.Value).AppendValue(o.Key).AppendValue(o.Journey).AppendValue(o.Version)
                        .AppendValue(o.Person.Value).AppendValue(o.Entry).AppendValue(o.Step).AppendValue(o.Action.Connector).AppendValue(JourneyActionJson.Write(o.Action))
                        .AppendValue(o.DueAt.UtcDateTime).AppendValue(o.Withheld ? DeliveryStatus.Withheld : DeliveryStatus.Pending).AppendValue(0).AppendValue((string?)null)
                        .AppendValue((string?)null).AppendValue(now.UtcDateTime).AppendValue(now.UtcDateTime).EndRow();
                }
            }

            WriteTriggersAndRequests(connection, round);
            Execute(connection, """
                UPDATE journey_cursors SET position = $events WHERE name = 'events';
                UPDATE journey_cursors SET position = $segments WHERE name = 'segments';
                DELETE FROM journey_triggers WHERE position < $segments;
                """, ("events", round.NextEventsCursor), ("segments", round.NextSegmentsCursor));
            transaction.Commit();
            return 0;
        }, cancellationToken);

    /// <summary>Each touched membership is replaced: deleted, then inserted again unless the person left.</summary>
    private static void WriteMembers(DuckDBConnection connection, JourneyChanges changes)
    {
        if (changes.Members.Count == 0)
        {
            return;
        }

        Execute(connection, "CREATE TEMP TABLE IF NOT EXISTS journey_touched (workspace_id VARCHAR, journey VARCHAR, person_id VARCHAR); DELETE FROM journey_touched");
        using (var appender = connection.CreateAppender("temp", "main", "journey_touched"))
        {
            foreach (var (workspace, journey, person) in changes.Members.Keys)
            {
                appender.CreateRow().AppendValue(workspace.Value).AppendValue(journey).AppendValue(person.Value).EndRow();
            }
        }

        Execute(connection, """
            DELETE FROM journey_members m WHERE EXISTS (
              SELECT 1 FROM journey_touched t WHERE t.workspace_id = m.workspace_id AND t.journey = m.journey AND t.person_id = m.person_id)
            """);
        using var members = connection.CreateAppender("journey_members");
        foreach (var m in changes.Members.Values)
        {
            if (m is not null)
            {
                members.CreateRow().AppendValue(m.Workspace.Value).AppendValue(m.Journey).AppendValue(m.Person.Value).AppendValue(m.Version).AppendValue(m.Entry)
                    .AppendValue(m.Position.Step).AppendValue(m.Position.EnteredAt.UtcDateTime).AppendValue(m.Position.Since.UtcDateTime)
                    .AppendValue(m.Position.WakeAt?.UtcDateTime).AppendValue(m.HeldOut).EndRow();
            }
        }
    }

    private static void WriteEntries(DuckDBConnection connection, JourneyChanges changes)
    {
        using (var appender = connection.CreateAppender("journey_entries"))
        {
            foreach (var e in changes.Started)
            {
                appender.CreateRow().AppendValue(e.Workspace.Value).AppendValue(e.Journey).AppendValue(e.Person.Value).AppendValue(e.Entry).AppendValue(e.Version)
                    .AppendValue(e.At.UtcDateTime).AppendValue(e.HeldOut).AppendValue(e.Trigger).AppendValue((DateTime?)null).AppendValue((string?)null)
                    .AppendValue((string?)null).EndRow();
            }
        }

        if (changes.Ended.Count == 0)
        {
            return;
        }

        Execute(connection, """
            CREATE TEMP TABLE IF NOT EXISTS journey_ended (workspace_id VARCHAR, journey VARCHAR, person_id VARCHAR, entry INTEGER, ended_at TIMESTAMPTZ, step VARCHAR, reason VARCHAR);
            DELETE FROM journey_ended
            """);
        using (var appender = connection.CreateAppender("temp", "main", "journey_ended"))
        {
            foreach (var e in changes.Ended)
            {
                appender.CreateRow().AppendValue(e.Workspace.Value).AppendValue(e.Journey).AppendValue(e.Person.Value).AppendValue(e.Entry)
                    .AppendValue(e.At.UtcDateTime).AppendValue(e.Step).AppendValue(e.Reason).EndRow();
            }
        }

        Execute(connection, """
            UPDATE journey_entries SET ended_at = d.ended_at, end_step = d.step, end_reason = d.reason FROM journey_ended d
            WHERE journey_entries.workspace_id = d.workspace_id AND journey_entries.journey = d.journey
              AND journey_entries.person_id = d.person_id AND journey_entries.entry = d.entry
            """);
    }

    /// <summary>Segment changes read are acted on now (recorded so a re-read skips them); API requests read are consumed.</summary>
    private static void WriteTriggersAndRequests(DuckDBConnection connection, JourneyRound round)
    {
        using (var appender = connection.CreateAppender("journey_triggers"))
        {
            foreach (var change in round.Inputs.OfType<SegmentInput>())
            {
                appender.CreateRow().AppendValue(change.Workspace.Value).AppendValue(change.Trigger).AppendValue(round.NextSegmentsCursor).EndRow();
            }
        }

        foreach (var request in round.Requests)
        {
            Execute(connection, "DELETE FROM journey_requests WHERE workspace_id = $ws AND journey = $j AND request_id = $id",
                ("ws", request.Workspace.Value), ("j", request.Journey), ("id", request.RequestId));
        }
    }
}
